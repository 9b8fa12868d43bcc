package dev.aggregator.orchestrator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ProviderOrchestratorApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProviderOrchestratorApplication.class, args);
    }
}
