package dev.aggregator.mockprovider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MockProviderApplication {

    public static void main(String[] args) {
        SpringApplication.run(MockProviderApplication.class, args);
    }
}
