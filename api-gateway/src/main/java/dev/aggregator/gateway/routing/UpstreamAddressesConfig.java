package dev.aggregator.gateway.routing;

import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which of a service's addresses a new connection goes to. In docker-compose.yml the proxy runs as
 * two replicas behind the one name {@code proxy-service}, which the compose network's DNS resolves
 * to both; Reactor Netty's resolver would hand every new connection the first address of the
 * answer, so one replica would get all of a gateway's traffic (deploy/podman/compose-smoke.sh saw
 * 20 completions to 0). With round-robin selection each new connection takes the answer's
 * addresses in a shuffled order, the next one when one refuses. A name with one address (local
 * processes, a Kubernetes Service) is unaffected, and pooled connections are reused as before, so
 * a request that finds an idle connection pays nothing for it.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamAddressesConfig {

    @Bean
    HttpClientCustomizer roundRobinUpstreamAddresses() {
        return client -> client.resolver(spec -> spec.roundRobinSelection(true));
    }
}
