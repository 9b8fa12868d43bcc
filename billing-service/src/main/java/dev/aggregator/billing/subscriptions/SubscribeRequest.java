package dev.aggregator.billing.subscriptions;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record SubscribeRequest(@NotBlank @Size(max = 40) String planId) {}
