package dev.aggregator.gateway.keepalive;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Keeps the public port's HTTP/1.1 keep-alive connections read after every request
 * ({@link ReadResumingHandler}), just before Reactor Netty hands a message to the request's
 * operations.
 */
@Configuration(proxyBeanMethods = false)
class KeepAliveConfig {

    @Bean
    NettyServerCustomizer readResumingKeepAliveConnections() {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            var pipeline = channel.pipeline();
            // Only HTTP/1.1 connections queue requests; an HTTP/2 connection has no such handler.
            if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
                pipeline.addBefore(
                        NettyPipeline.ReactiveBridge, ReadResumingHandler.NAME, ReadResumingHandler.INSTANCE);
            }
        });
    }
}
