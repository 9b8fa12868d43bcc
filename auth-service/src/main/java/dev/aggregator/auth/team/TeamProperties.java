package dev.aggregator.auth.team;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** How long an invitation's token can be accepted. */
@Validated
@ConfigurationProperties("aggregator.team")
record TeamProperties(@NotNull @DefaultValue("7d") Duration invitationTtl) {}
