{{/* Names, labels and the pieces the StatefulSet, the Deployment and the reset Job share. */}}

{{- define "registry-streams.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "registry-streams.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The headless Service: each StatefulSet pod is <pod>.<this>.<namespace>.svc. Its name is
short enough that a pod's DNS label stays within 63 characters. */}}
{{- define "registry-streams.headless" -}}
{{- printf "%s-headless" (include "registry-streams.fullname" . | trunc 54 | trimSuffix "-") }}
{{- end }}

{{- define "registry-streams.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "registry-streams.selectorLabels" -}}
app.kubernetes.io/name: {{ include "registry-streams.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "registry-streams.labels" -}}
helm.sh/chart: {{ include "registry-streams.chart" . }}
{{ include "registry-streams.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "registry-streams.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "registry-streams.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "registry-streams.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "registry-streams.redis" -}}
{{- eq .Values.store.type "redis" }}
{{- end }}

{{/* Where the pod sees its files. */}}
{{- define "registry-streams.stateDir" -}}/var/lib/registry-streams{{- end }}
{{- define "registry-streams.configDir" -}}/etc/registry-streams/config{{- end }}
{{- define "registry-streams.kafkaCaDir" -}}/etc/registry-streams/kafka/ca{{- end }}
{{- define "registry-streams.kafkaClientDir" -}}/etc/registry-streams/kafka/client{{- end }}
{{- define "registry-streams.kafkaSaslDir" -}}/etc/registry-streams/kafka/sasl{{- end }}
{{- define "registry-streams.redisCaDir" -}}/etc/registry-streams/redis-ca{{- end }}

{{/* Checks of value combinations the schema cannot express; each fails the install with why. */}}
{{- define "registry-streams.validate" -}}
{{- if not .Values.kafka.bootstrapServers }}
{{- fail "kafka.bootstrapServers is required: the brokers, e.g. my-cluster-kafka-bootstrap.kafka.svc:9093" }}
{{- end }}
{{- if and (eq (include "registry-streams.redis" .) "true") (not .Values.redis.url) (not .Values.redis.existingSecret.name) }}
{{- fail "store.type=redis needs redis.url or redis.existingSecret.name" }}
{{- end }}
{{- if and .Values.kafka.sasl.enabled (or (not .Values.kafka.sasl.username) (not .Values.kafka.sasl.passwordSecret.name)) }}
{{- fail "kafka.sasl.enabled needs kafka.sasl.username and kafka.sasl.passwordSecret.name (Strimzi: the KafkaUser's name for both)" }}
{{- end }}
{{- if and .Values.kafka.tls.clientSecret.name (not .Values.kafka.tls.enabled) }}
{{- fail "kafka.tls.clientSecret needs kafka.tls.enabled" }}
{{- end }}
{{- if .Values.autoscaling.keda.enabled }}
{{- $partitions := int (default 6 .Values.topics.partitions) }}
{{- if gt (int .Values.autoscaling.keda.maxReplicas) $partitions }}
{{- fail (printf "autoscaling.keda.maxReplicas (%d) exceeds the %d partitions of the requests topic (topics.partitions): instances beyond them get no task" (int .Values.autoscaling.keda.maxReplicas) $partitions) }}
{{- end }}
{{- if gt (int .Values.autoscaling.keda.minReplicas) (int .Values.autoscaling.keda.maxReplicas) }}
{{- fail "autoscaling.keda.minReplicas exceeds autoscaling.keda.maxReplicas" }}
{{- end }}
{{- end }}
{{- if and .Values.reset.enabled (or (gt (int .Values.replicaCount) 0) .Values.autoscaling.keda.enabled) }}
{{- fail "reset.enabled needs every instance stopped: set replicaCount=0 and autoscaling.keda.enabled=false (the application refuses to reset while its group has members)" }}
{{- end }}
{{- end }}

{{/* Environment the application and the reset job both read: Kafka, topics, store. */}}
{{- define "registry-streams.commonEnv" -}}
- name: REGISTRY_STREAMS_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: REGISTRY_STREAMS_APPLICATION_ID
  value: {{ .Values.applicationId | quote }}
- name: REGISTRY_STREAMS_REQUESTS_TOPIC
  value: {{ .Values.topics.requests | quote }}
- name: REGISTRY_STREAMS_ENTRIES_TOPIC
  value: {{ .Values.topics.entries | quote }}
- name: REGISTRY_STREAMS_CONFIG_CHANGES_TOPIC
  value: {{ .Values.topics.configChanges | quote }}
- name: REGISTRY_STREAMS_REJECTED_TOPIC
  value: {{ .Values.topics.rejected | quote }}
- name: REGISTRY_STREAMS_KAFKA_CONFIG_FILE
  value: {{ include "registry-streams.configDir" . }}/kafka.properties
- name: REGISTRY_STREAMS_STORE
  value: {{ .Values.store.type | quote }}
{{- if eq (include "registry-streams.redis" .) "true" }}
{{- if .Values.redis.existingSecret.name }}
- name: REGISTRY_STREAMS_REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.existingSecret.name | quote }}
      key: {{ .Values.redis.existingSecret.key | quote }}
{{- else }}
- name: REGISTRY_STREAMS_REDIS_URL
  value: {{ .Values.redis.url | quote }}
{{- end }}
{{- if .Values.redis.caSecret.name }}
- name: REGISTRY_STREAMS_REDIS_CA_CERT
  value: {{ include "registry-streams.redisCaDir" . }}/{{ .Values.redis.caSecret.key }}
{{- end }}
{{- end }}
{{- with .Values.javaOptions }}
- name: JAVA_TOOL_OPTIONS
  value: {{ . | quote }}
{{- end }}
{{- end }}

{{/* Volumes for the files named in commonEnv; mounts below. */}}
{{- define "registry-streams.commonVolumes" -}}
- name: tmp
  emptyDir: {}
- name: config
  configMap:
    name: {{ include "registry-streams.fullname" . }}
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.tls.caSecret.name | quote }}
    items:
      - key: {{ .Values.kafka.tls.caSecret.key | quote }}
        path: ca.crt
{{- end }}
{{- if .Values.kafka.tls.clientSecret.name }}
- name: kafka-client
  secret:
    secretName: {{ .Values.kafka.tls.clientSecret.name | quote }}
    items:
      - key: {{ .Values.kafka.tls.clientSecret.certKey | quote }}
        path: user.crt
      - key: {{ .Values.kafka.tls.clientSecret.keyKey | quote }}
        path: user.key
{{- end }}
{{- if .Values.kafka.sasl.enabled }}
- name: kafka-sasl
  secret:
    secretName: {{ .Values.kafka.sasl.passwordSecret.name | quote }}
    items:
      - key: {{ .Values.kafka.sasl.passwordSecret.key | quote }}
        path: password
{{- end }}
{{- if and (eq (include "registry-streams.redis" .) "true") .Values.redis.caSecret.name }}
- name: redis-ca
  secret:
    secretName: {{ .Values.redis.caSecret.name | quote }}
{{- end }}
{{- end }}

{{- define "registry-streams.commonMounts" -}}
- name: tmp
  mountPath: /tmp
- name: config
  mountPath: {{ include "registry-streams.configDir" . }}
  readOnly: true
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  mountPath: {{ include "registry-streams.kafkaCaDir" . }}
  readOnly: true
{{- end }}
{{- if .Values.kafka.tls.clientSecret.name }}
- name: kafka-client
  mountPath: {{ include "registry-streams.kafkaClientDir" . }}
  readOnly: true
{{- end }}
{{- if .Values.kafka.sasl.enabled }}
- name: kafka-sasl
  mountPath: {{ include "registry-streams.kafkaSaslDir" . }}
  readOnly: true
{{- end }}
{{- if and (eq (include "registry-streams.redis" .) "true") .Values.redis.caSecret.name }}
- name: redis-ca
  mountPath: {{ include "registry-streams.redisCaDir" . }}
  readOnly: true
{{- end }}
{{- end }}

{{/* A value of kafka.config as a .properties value. YAML reads 1000000 as a float, which
toString prints as 1e+06: whole numbers are printed as integers. Backslashes and line breaks are
escaped, as Properties.load unescapes them. */}}
{{- define "registry-streams.propertyValue" -}}
{{- if and (kindIs "float64" .) (eq (float64 (int64 .)) .) }}
{{- int64 . }}
{{- else }}
{{- toString . | replace "\\" "\\\\" | replace "\n" "\\n" }}
{{- end }}
{{- end }}
