#!/usr/bin/env bash
# Renders or lints a Helm chart with Helm's own engine, fetched once from Maven Central (needs Java 17+ and Maven).
#   bash infra/helm/render/render.sh template infra/helm/perheverkko [values.yaml ...] > manifests.yaml
#   bash infra/helm/render/render.sh lint infra/helm/perheverkko
#   bash infra/helm/render/render.sh each infra/helm/perheverkko a.yaml b.yaml   (a.yaml.out or a.yaml.err, …; one JVM)
#   bash infra/helm/render/render.sh fetch                                       (only the download; .ci/run does it first)
# The first fetch downloads ~32 MB (Maven's dependency plugin and helm-java with its linux-amd64 library); later ones
# copy from ~/.m2, without the network.
# With a helm binary on PATH, `helm template perheverkko infra/helm/perheverkko -n perheverkko -f …` is the same.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
libs="$here/.work/libs"
version=$(sed -n 's:.*<helm-java.version>\(.*\)</helm-java.version>.*:\1:p' "$here/pom.xml")
# The cluster version the chart is rendered for (Capabilities.KubeVersion; Chart.yaml's kubeVersion must admit it).
kube_version="${HELM_KUBE_VERSION:-v1.33.0}"
command -v java >/dev/null || { echo "Java 17+ is needed to render the chart" >&2; exit 3; }
if ! ls "$libs/helm-java-$version.jar" >/dev/null 2>&1; then
  command -v mvn >/dev/null || { echo "Maven (mvn) is needed to fetch Helm's engine" >&2; exit 3; }
  echo "fetching Helm's engine (helm-java $version) from Maven Central into $libs" >&2
  # Into a folder of its own, then renamed: a render started meanwhile never sees half the jars.
  partial="$libs.partial.$$"
  trap 'rm -rf "$partial"' EXIT
  mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$partial" -DincludeScope=runtime >&2
  rm -rf "$libs"
  mv "$partial" "$libs" 2>/dev/null || ls "$libs/helm-java-$version.jar" >/dev/null # another fetch finished first
fi
command="${1:?fetch, template, each or lint}"
shift
case "$command" in
  fetch) exit 0 ;;
  template | each) chart="${1:?the chart folder}"; shift; exec java -cp "$libs/*" "$here/Render.java" "$command" "$chart" "$kube_version" "$@" ;;
  lint) exec java -cp "$libs/*" "$here/Render.java" lint "$@" ;;
  *) echo "fetch, template, each or lint, not $command" >&2; exit 2 ;;
esac
