package dev.aggregator.mockprovider.chat;

record Usage(int promptTokens, int completionTokens, int totalTokens) {}
