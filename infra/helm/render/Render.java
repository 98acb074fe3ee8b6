// `helm lint` and `helm template` for the chart's specs, through Helm's own engine (helm-java). Run by render.sh:
//   java -cp '.work/libs/*' Render.java template <chart> <kube-version> [values.yaml ...]   the manifests, on stdout
//   java -cp '.work/libs/*' Render.java each <chart> <kube-version> <values.yaml> ...      one render per values file:
//        <values.yaml>.out (the manifests) or <values.yaml>.err (why Helm refused), in one start of the engine
//   java -cp '.work/libs/*' Render.java lint <chart>                                        the findings; exit 1 on any
// A refusal (a template's `fail`, values.schema.json, unparsable YAML) is on stderr (or in .err) with exit code 1.
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public class Render {
  public static void main(String[] args) throws IOException {
    String mode = args.length > 1 ? args[0] : "";
    switch (mode) {
      case "template" -> {
        if (args.length < 3) usage();
        try {
          TemplateCommand command = template(args[1], args[2]);
          for (int i = 3; i < args.length; i++) command = command.withValuesFile(Path.of(args[i]));
          System.out.print(command.call());
        } catch (RuntimeException refused) {
          System.err.println(refused.getMessage());
          System.exit(1);
        }
      }
      case "each" -> {
        if (args.length < 4) usage();
        for (int i = 3; i < args.length; i++) {
          Path values = Path.of(args[i]);
          try {
            Files.writeString(Path.of(args[i] + ".out"), template(args[1], args[2]).withValuesFile(values).call());
          } catch (RuntimeException refused) {
            Files.writeString(Path.of(args[i] + ".err"), String.valueOf(refused.getMessage()));
          }
        }
      }
      case "lint" -> {
        // Strict: warnings fail too. helm-java's lint takes no values files: the chart is linted with its defaults.
        var result = new Helm(Path.of(args[1])).lint().strict().call();
        result.getMessages().forEach(System.out::println);
        System.exit(result.isFailed() ? 1 : 0);
      }
      default -> usage();
    }
  }

  private static TemplateCommand template(String chart, String kubeVersion) {
    return new Helm(Path.of(chart)).template().withName("perheverkko").withNamespace("perheverkko").withKubeVersion(kubeVersion);
  }

  private static void usage() {
    System.err.println("usage: Render.java template|each <chart> <kube-version> [values.yaml ...] | lint <chart>");
    System.exit(2);
  }
}
