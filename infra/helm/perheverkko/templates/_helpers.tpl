{{/* The five services, in the order the manifests list them. */}}
{{- define "perheverkko.serviceNames" -}}
intake convening meeting plan-followup reporting
{{- end }}

{{/* The path prefixes of each service's public API, the only ones the Ingress routes (tools/deploy/helm-chart.spec.ts
     checks them against docs/api/<service>.openapi.json): not /metrics, /health, /admin or /projections, which answer
     inside the cluster only. */}}
{{- define "perheverkko.publicPaths" -}}
intake: [/cases, /concerns, /routing, /reference-data, /audit, /erasures, /openapi.json]
convening: [/cases, /convenings, /directory, /audit, /erasures, /openapi.json]
meeting: [/cases, /wellbeing-star, /audit, /erasures, /openapi.json]
plan-followup: [/cases, /worklist, /service-catalogue, /feedback-forms, /feedback, /audit, /erasures, /openapi.json]
reporting: [/cases, /reports, /municipalities, /tasks, /audit, /erasures, /openapi.json]
{{- end }}

{{/* Labels on everything the chart makes; "perheverkko.meta" goes with "perheverkko.selector", which names the instance. */}}
{{- define "perheverkko.meta" -}}
app.kubernetes.io/part-of: perheverkko
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}
{{- define "perheverkko.labels" -}}
{{ include "perheverkko.meta" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* What selects one component's pods: (dict "root" $ "name" "intake"). */}}
{{- define "perheverkko.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/* A service's settings: serviceDefaults overlaid with services.<name>, as YAML (read back with fromYaml). */}}
{{- define "perheverkko.service" -}}
{{- $own := index .root.Values.services .name | default dict -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.serviceDefaults) (deepCopy $own)) -}}
{{- end }}

{{- define "perheverkko.tag" -}}
{{- .Values.image.tag | default .Chart.AppVersion -}}
{{- end }}

{{/* The public URL of the console (no name) or of a service (dict "root" $ "name" "intake"). */}}
{{- define "perheverkko.scheme" -}}
{{- if .Values.ingress.tls.enabled }}https{{ else }}http{{ end -}}
{{- end }}
{{- define "perheverkko.serviceUrl" -}}
{{- include "perheverkko.scheme" .root }}://{{ .name }}.{{ .root.Values.ingress.host }}
{{- end }}
{{- define "perheverkko.consoleOrigin" -}}
{{- include "perheverkko.scheme" . }}://{{ .Values.ingress.host }}
{{- end }}

{{/* The settings, Secret, Kafka account and volumes a service's process needs: its pods and the CLI's Jobs alike. */}}
{{- define "perheverkko.processEnv" -}}
env:
  - { name: SERVICE, value: {{ .name }} }
envFrom:
  - configMapRef: { name: perheverkko-config }
  - secretRef: { name: {{ .root.Values.secrets.existingSecret }} }
  # This service's own Kafka account (KAFKA_SASL_USERNAME={{ .name }}, KAFKA_SASL_PASSWORD): it may write only its own topics.
  - secretRef: { name: {{ .root.Values.kafka.credentials.secretPrefix }}{{ .name }} }
{{- end }}
{{- define "perheverkko.processMounts" -}}
volumeMounts:
  - { name: data, mountPath: /app/data }
  - { name: tmp, mountPath: /tmp }
  - { name: kafka-ca, mountPath: /etc/perheverkko/kafka, readOnly: true }
  {{- if .Values.accessLogAnchors.existingClaim }}
  - { name: access-log-anchors, mountPath: {{ .Values.accessLogAnchors.mountPath }} }
  {{- end }}
  {{- if .Values.staffDirectory.configMap }}
  - { name: staff-directory, mountPath: {{ .Values.staffDirectory.mountPath }}, readOnly: true }
  {{- end }}
{{- end }}
{{- define "perheverkko.processVolumes" -}}
volumes:
  - { name: data, emptyDir: {} }
  - { name: tmp, emptyDir: {} }
  # The authority that signed the brokers' certificates (KAFKA_SSL_CA_FILE).
  - { name: kafka-ca, configMap: { name: {{ .Values.kafka.caConfigMap }} } }
  {{- with .Values.accessLogAnchors.existingClaim }}
  # ACCESS_LOG_ANCHOR_FILE: shared by every replica and the Jobs, outliving pods, out of the database account's reach.
  - { name: access-log-anchors, persistentVolumeClaim: { claimName: {{ . }} } }
  {{- end }}
  {{- with .Values.staffDirectory.configMap }}
  # STAFF_DIRECTORY_FILE: the county's professionals, read at start-up.
  - { name: staff-directory, configMap: { name: {{ . }} } }
  {{- end }}
{{- end }}
{{- define "perheverkko.podSecurity" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 1000
  runAsGroup: 1000
  seccompProfile: { type: RuntimeDefault }
{{- end }}
{{- define "perheverkko.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities: { drop: [ALL] }
{{- end }}

{{- define "perheverkko.peers" -}}
{{- /* One egress rule: (dict "peers" <peer list> "ports" <port list>). */ -}}
- to:
    {{- toYaml .peers | nindent 4 }}
  ports:
    {{- range .ports }}
    - { protocol: TCP, port: {{ . }} }
    {{- end }}
{{- end }}
