# One image recipe for every service; docker-compose.yml passes the module and its port:
#   docker build --build-arg MODULE=auth-service --build-arg PORT=3001 -t aggregator/auth-service .
#
# The base images are build arguments, so that a machine that cannot pull from a registry builds
# on images of its own (deploy/podman/compose-smoke.sh does: a Debian root filesystem plus a
# jlinked JDK 25). JAR_FROM picks where the jar comes from:
#   source   (default) compile the module in the build stage; the context is the repository root;
#   prebuilt take <MODULE>.jar from the build context, e.g. --build-arg JAR_FROM=prebuilt with the
#            module's target/ directory as the context after `./mvnw package` on the host.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-25
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre
ARG JAR_FROM=source

# --- source: compile the module and the modules it depends on (common-lib) ---
FROM ${BUILD_IMAGE} AS source
ARG MODULE
WORKDIR /workspace
# The reactor needs every module's pom; .dockerignore keeps target/ and local state out.
COPY . .
RUN test -n "$MODULE" && mvn -B -q -pl "$MODULE" -am -DskipTests package \
    && cp "$MODULE/target/$MODULE.jar" /workspace/app.jar

# --- prebuilt: the jar the host built ---
FROM ${RUNTIME_IMAGE} AS prebuilt
ARG MODULE
COPY ${MODULE}.jar /workspace/app.jar

FROM ${JAR_FROM} AS jar

# --- run: a JRE, the fat jar, an unprivileged user ---
FROM ${RUNTIME_IMAGE}
ARG PORT
# curl is for the healthcheck only (the temurin 25 images ship neither curl nor wget); a base
# image that has it already is used as it is.
RUN if ! command -v curl >/dev/null; then \
        apt-get update \
        && apt-get install -y --no-install-recommends curl \
        && rm -rf /var/lib/apt/lists/*; \
    fi \
    && useradd --system --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=jar /workspace/app.jar app.jar
USER app
# The JVM flags of `./aggregator up` (see DEFAULT_JVM_OPTS there): full JIT, SerialGC, a heap that
# starts small and is capped, capped metaspace, code cache and thread stacks, so that the seven
# services fit in 1.8 GB together. No AOT cache here: its training run refreshes the application
# context, which needs the database, so it cannot run while the image is built.
ENV PORT=${PORT} \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms32m -Xmx256m -Xss512k -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -XX:+ExitOnOutOfMemoryError"
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=12 \
    CMD curl -fsS "http://localhost:${PORT}/health" || exit 1
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
