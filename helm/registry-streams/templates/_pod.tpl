{{/* The pod of the StatefulSet (RocksDB) and of the Deployment (Redis). */}}
{{- define "registry-streams.podTemplate" -}}
{{- $redis := eq (include "registry-streams.redis" .) "true" -}}
metadata:
  labels:
    {{- include "registry-streams.labels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    # A changed kafka.properties or registry.yaml restarts the pods.
    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "registry-streams.serviceAccountName" . }}
  terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.priorityClassName }}
  priorityClassName: {{ . | quote }}
  {{- end }}
  securityContext:
    {{- toYaml .Values.podSecurityContext | nindent 4 }}
  containers:
    - name: registry-streams
      image: {{ include "registry-streams.image" . | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      args:
        - run
      ports:
        - name: http
          containerPort: {{ .Values.http.port }}
          protocol: TCP
      env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        {{- if $redis }}
        - name: POD_IP
          valueFrom:
            fieldRef:
              fieldPath: status.podIP
        {{- end }}
        {{- include "registry-streams.commonEnv" . | nindent 8 }}
        - name: REGISTRY_STREAMS_HTTP_PORT
          value: {{ .Values.http.port | quote }}
        {{- if $redis }}
        # A Deployment's pods have no stable names: other instances reach this one by its IP.
        - name: REGISTRY_STREAMS_APPLICATION_SERVER
          value: "$(POD_IP):{{ .Values.http.port }}"
        # No local store in Redis mode; Kafka Streams' own files go to the tmp volume.
        - name: REGISTRY_STREAMS_STATE_DIR
          value: /tmp/registry-streams
        {{- else }}
        # The pod's stable DNS name through the headless Service: lookups of keys another pod
        # owns are forwarded there.
        - name: REGISTRY_STREAMS_APPLICATION_SERVER
          value: "$(POD_NAME).{{ include "registry-streams.headless" . }}.$(POD_NAMESPACE).svc:{{ .Values.http.port }}"
        # Static membership: a restarted pod takes its place in the group again without a
        # rebalance, and finds its state on its own volume.
        - name: REGISTRY_STREAMS_GROUP_INSTANCE_ID
          value: "$(POD_NAME)"
        - name: REGISTRY_STREAMS_STATE_DIR
          value: {{ include "registry-streams.stateDir" . }}
        {{- end }}
        - name: REGISTRY_STREAMS_NUM_STREAM_THREADS
          value: {{ .Values.streams.numStreamThreads | quote }}
        - name: REGISTRY_STREAMS_PROCESSING_GUARANTEE
          value: {{ .Values.streams.processingGuarantee | quote }}
        - name: REGISTRY_STREAMS_PROFILE
          value: {{ .Values.streams.profile | quote }}
        {{- if .Values.topics.partitions }}
        - name: REGISTRY_STREAMS_PARTITIONS
          value: {{ .Values.topics.partitions | quote }}
        {{- end }}
        - name: REGISTRY_STREAMS_REPLICATION_FACTOR
          value: {{ .Values.topics.replicationFactor | quote }}
        {{- if .Values.registryConfig }}
        - name: REGISTRY_STREAMS_REGISTRY_CONFIG
          value: {{ include "registry-streams.configDir" . }}/registry.yaml
        {{- end }}
        {{- if .Values.http.tokenSecret.name }}
        - name: REGISTRY_STREAMS_HTTP_TOKEN
          valueFrom:
            secretKeyRef:
              name: {{ .Values.http.tokenSecret.name | quote }}
              key: {{ .Values.http.tokenSecret.key | quote }}
        {{- end }}
        {{- if and .Values.autoscaling.keda.enabled .Values.kafka.sasl.enabled }}
        # Read by KEDA's TriggerAuthentication only (the application takes the user from
        # kafka.properties).
        - name: KAFKA_SASL_USERNAME
          value: {{ .Values.kafka.sasl.username | quote }}
        {{- end }}
        {{- with .Values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with .Values.probes.startup }}
      {{- if .enabled }}
      startupProbe:
        httpGet:
          path: /health/started
          port: http
        periodSeconds: {{ .periodSeconds }}
        timeoutSeconds: {{ .timeoutSeconds }}
        failureThreshold: {{ .failureThreshold }}
      {{- end }}
      {{- end }}
      {{- with .Values.probes.readiness }}
      {{- if .enabled }}
      readinessProbe:
        httpGet:
          path: /health/ready
          port: http
        periodSeconds: {{ .periodSeconds }}
        timeoutSeconds: {{ .timeoutSeconds }}
        failureThreshold: {{ .failureThreshold }}
      {{- end }}
      {{- end }}
      {{- with .Values.probes.liveness }}
      {{- if .enabled }}
      livenessProbe:
        httpGet:
          path: /health/live
          port: http
        periodSeconds: {{ .periodSeconds }}
        timeoutSeconds: {{ .timeoutSeconds }}
        failureThreshold: {{ .failureThreshold }}
      {{- end }}
      {{- end }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      volumeMounts:
        {{- include "registry-streams.commonMounts" . | nindent 8 }}
        {{- if not $redis }}
        - name: state
          mountPath: {{ include "registry-streams.stateDir" . }}
        {{- end }}
  volumes:
    {{- include "registry-streams.commonVolumes" . | nindent 4 }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
