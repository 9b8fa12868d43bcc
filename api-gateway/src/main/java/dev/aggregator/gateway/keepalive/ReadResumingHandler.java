package dev.aggregator.gateway.keepalive;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.LastHttpContent;
import reactor.netty.channel.ChannelOperations;

/**
 * Asks for the next request once a request has ended on a connection with no request in progress.
 *
 * <p>Reactor Netty reads a keep-alive connection on demand: the next read is asked for when a
 * request's operations end. A request that arrives before the previous one's operations have
 * ended (its answer already sent: a client reusing the connection at once) is queued with its end
 * and dispatched from the queue later. When it is answered at once, without I/O of its own (a
 * known-unknown API key, a missing {@code Authorization} header), its operations end while its
 * end is still queued: the queue is drained instead of a read being asked for, and the drain asks
 * for none. Nothing reads the connection again, and the client's next request on it gets no answer
 * at all. That is reactor-netty 1.3.6's {@code HttpTrafficHandler.run} (reactor/reactor-netty#4361),
 * fixed in 1.3.8 by the same check as here; once the platform is on 1.3.8 this handler only asks
 * for a read already asked for, and can go.
 *
 * <p>A request's end reaching this handler with no operations bound is that moment (or a harmless
 * one where Reactor Netty asks for the read itself too). The body has been read in full by then,
 * so no backpressure is lost.
 */
@ChannelHandler.Sharable
final class ReadResumingHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "aggregator.readResuming";
    static final ReadResumingHandler INSTANCE = new ReadResumingHandler();

    private ReadResumingHandler() {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean requestEnded = msg instanceof LastHttpContent;
        ctx.fireChannelRead(msg);
        if (requestEnded && ChannelOperations.get(ctx.channel()) == null) {
            ctx.read();
        }
    }
}
