# One image recipe for every service; docker-compose.yml passes the module and its port:
#   docker build --build-arg MODULE=auth-service --build-arg PORT=3001 -t aggregator/auth-service .

# --- build: compile the module and the modules it depends on (common-lib) ---
FROM maven:3.9-eclipse-temurin-25 AS build
ARG MODULE
WORKDIR /workspace
# The reactor needs every module's pom; .dockerignore keeps target/ and local state out.
COPY . .
RUN test -n "$MODULE" && mvn -B -q -pl "$MODULE" -am -DskipTests package \
    && cp "$MODULE/target/$MODULE.jar" /workspace/app.jar

# --- run: a JRE, the fat jar, an unprivileged user ---
FROM eclipse-temurin:25-jre
ARG PORT
# curl is for the healthcheck only (the temurin 25 images ship neither curl nor wget).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /workspace/app.jar app.jar
USER app
ENV PORT=${PORT} \
    JAVA_TOOL_OPTIONS="-Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=12 \
    CMD curl -fsS "http://localhost:${PORT}/health" || exit 1
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
