{{/* The release's base name: the release name, with the chart's name unless it contains it. */}}
{{- define "aggregator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The name of one service's objects: <fullname>-<service>. Call with (list $ "api-gateway"). */}}
{{- define "aggregator.serviceName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "aggregator.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "aggregator.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ $root.Chart.Name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "aggregator.labels" -}}
{{- $root := index . 0 -}}
{{ include "aggregator.selectorLabels" . }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: aggregator
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "aggregator.commonLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: aggregator
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "aggregator.configMapName" -}}
{{- printf "%s-config" (include "aggregator.fullname" .) -}}
{{- end -}}

{{- define "aggregator.secretName" -}}
{{- default (printf "%s-secrets" (include "aggregator.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "aggregator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "aggregator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* http://<service>:<port> inside the namespace. Call with (list $ "auth-service"). */}}
{{- define "aggregator.serviceUrl" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- printf "http://%s:%v" (include "aggregator.serviceName" (list $root $name)) (index $root.Values.services $name).port -}}
{{- end -}}

{{/*
The secret keys a service reads, as "KEY:required" or "KEY:optional", from what its code reads
(application.yml and common-lib's aggregator-defaults.properties). Secret keys are the
environment variables' names.
*/}}
{{- define "aggregator.secretKeys" -}}
{{- $name := . -}}
{{- $keys := list -}}
{{- if not (has $name (list "mock-provider" "console")) -}}
{{- $keys = append $keys "INTERNAL_AUTH_SECRET:required" -}}
{{- $keys = append $keys "RABBITMQ_PASSWORD:optional" -}}
{{- end -}}
{{- if has $name (list "auth-service" "provider-orchestrator" "proxy-service" "billing-service" "analytics-service") -}}
{{- $keys = append $keys "DB_PASSWORD:required" -}}
{{- end -}}
{{- if eq $name "auth-service" -}}
{{- $keys = append $keys "PLATFORM_ADMIN_PASSWORD:required" -}}
{{- $keys = append $keys "SMTP_PASSWORD:optional" -}}
{{- end -}}
{{- if eq $name "provider-orchestrator" -}}
{{- $keys = append $keys "PROVIDER_KEY_ENCRYPTION_KEY:required" -}}
{{- end -}}
{{- if eq $name "billing-service" -}}
{{- $keys = append $keys "STRIPE_SECRET_KEY:optional" -}}
{{- $keys = append $keys "STRIPE_WEBHOOK_SECRET:optional" -}}
{{- end -}}
{{- join "," $keys -}}
{{- end -}}

{{- define "aggregator.image" -}}
{{- $root := index . 0 -}}
{{- $svc := index . 1 -}}
{{- $tag := $svc.image.tag | default $root.Values.image.tag | default $root.Chart.AppVersion -}}
{{- if $root.Values.image.registry -}}
{{- printf "%s/%s:%s" $root.Values.image.registry $svc.image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $svc.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The services whose actuator is on a management port, and the probe port name. */}}
{{- define "aggregator.probePort" -}}
{{- if .managementPort -}}management{{- else -}}http{{- end -}}
{{- end -}}
