package dev.aggregator.proxy.responses;

import dev.aggregator.common.web.OpenAiError;
import dev.aggregator.proxy.chat.StreamFormat;
import dev.aggregator.proxy.upstream.StreamChunk;
import dev.aggregator.proxy.usage.TokenUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A chat stream as the Responses API's server-sent events ({@code event: <type>} and {@code data:
 * <json>}, each with its {@code sequence_number}):
 *
 * <pre>
 * response.created, response.in_progress                      (with the first chunk)
 * response.output_item.added, response.content_part.added     (with the first text)
 * response.output_text.delta …
 * response.output_item.added {function_call}                  (with each tool call's first delta)
 * response.function_call_arguments.delta …
 * response.output_text.done, response.content_part.done, response.output_item.done,
 * response.function_call_arguments.done, response.output_item.done   (at the finish reason)
 * response.completed (or response.incomplete)                 (once the usage is durable, with it)
 * </pre>
 *
 * A stream that breaks ends with an {@code error} event instead, which OpenAI SDKs raise.
 */
final class ResponseEventStream implements StreamFormat {

    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    /** One function call being streamed; chat's tool-call deltas name it by {@code index}. */
    private static final class Call {
        final int outputIndex;
        final ObjectNode item;
        final StringBuilder arguments = new StringBuilder();
        boolean done;

        Call(int outputIndex, ObjectNode item) {
            this.outputIndex = outputIndex;
            this.item = item;
        }
    }

    private final JsonMapper json;
    private final OutputStream client;
    private final ObjectNode response;

    private int sequence;
    private boolean started;
    private int nextOutputIndex;
    private ObjectNode message; // the open message item, null before text or once done
    private int messageIndex;
    private final StringBuilder text = new StringBuilder();
    private final List<Call> calls = new ArrayList<>();
    private final List<ObjectNode> output = new ArrayList<>();
    private String finishReason;

    ResponseEventStream(JsonMapper json, OutputStream client, String model, ObjectNode settings) {
        this.json = json;
        this.client = client;
        long createdAt = System.currentTimeMillis() / 1000;
        this.response =
                ResponseObjects.skeleton(ResponseObjects.newId("resp"), createdAt, model, settings, "in_progress");
    }

    static StreamFormat.Factory factory(JsonMapper json, String model, ObjectNode settings) {
        return (client, costOf) -> new ResponseEventStream(json, client, model, settings);
    }

    @Override
    public void chunk(StreamChunk chunk, TokenUsage reported) throws IOException {
        chunk(chunk.json(), reported);
    }

    /** Translates one chat chunk into the Responses API's events. */
    void chunk(ObjectNode chunk, TokenUsage reported) throws IOException {
        start();
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) return; // the usage chunk: its figures come with response.completed
        JsonNode delta = choice.path("delta");
        JsonNode content = delta.path("content");
        if (content.isString() && !content.stringValue().isEmpty()) textDelta(content.stringValue());
        for (JsonNode call : delta.path("tool_calls")) callDelta(call);
        JsonNode reason = choice.get("finish_reason");
        if (reason != null && reason.isString()) {
            finishReason = reason.stringValue();
            closeItems();
        }
    }

    @Override
    public void completed(TokenUsage tokens, BigDecimal cost) throws IOException {
        start();
        closeItems();
        ArrayNode items = response.putArray("output");
        output.forEach(items::add);
        ResponseObjects.finish(response, finishReason, ResponseObjects.usage(tokens, cost, json.missingNode()));
        boolean incomplete = "incomplete".equals(response.path("status").asString(""));
        emit(incomplete ? "response.incomplete" : "response.completed", event().set("response", response));
    }

    @Override
    public void failed(OpenAiError error) throws IOException {
        ObjectNode event = event();
        event.put("code", error.error().code());
        event.put("message", error.error().message());
        event.put("param", error.error().param());
        emit("error", event);
    }

    private void start() throws IOException {
        if (started) return;
        started = true;
        emit("response.created", event().set("response", response.deepCopy()));
        emit("response.in_progress", event().set("response", response.deepCopy()));
    }

    private void textDelta(String piece) throws IOException {
        if (message == null) {
            messageIndex = nextOutputIndex++;
            message = ResponseObjects.messageItem(ResponseObjects.newId("msg"), "in_progress");
            emit("response.output_item.added", itemEvent(messageIndex, message));
            ObjectNode added = partEvent();
            added.set("part", ResponseObjects.outputText(""));
            emit("response.content_part.added", added);
        }
        text.append(piece);
        ObjectNode event = partEvent();
        event.put("delta", piece);
        event.putArray("logprobs");
        emit("response.output_text.delta", event);
    }

    private void callDelta(JsonNode delta) throws IOException {
        int index = delta.path("index").asInt(calls.size());
        JsonNode function = delta.path("function");
        Call call = index < calls.size() ? calls.get(index) : null;
        if (call == null) {
            closeMessage(); // a message before tool calls is over once they start
            var item = ResponseObjects.functionCall(
                    ResponseObjects.newId("fc"),
                    delta.path("id").asString(""),
                    function.path("name").asString(""),
                    "",
                    "in_progress");
            call = new Call(nextOutputIndex++, item);
            while (calls.size() <= index) calls.add(null); // OpenAI numbers them densely
            calls.set(index, call);
            emit("response.output_item.added", itemEvent(call.outputIndex, item));
        }
        String arguments = function.path("arguments").asString("");
        if (!arguments.isEmpty()) {
            call.arguments.append(arguments);
            ObjectNode event = event();
            event.put("item_id", call.item.path("id").stringValue());
            event.put("output_index", call.outputIndex);
            event.put("delta", arguments);
            emit("response.function_call_arguments.delta", event);
        }
    }

    /** Ends every open item, in output order. */
    private void closeItems() throws IOException {
        closeMessage();
        for (Call call : calls) {
            if (call == null || call.done) continue;
            call.done = true;
            call.item.put("arguments", call.arguments.toString());
            call.item.put("status", "completed");
            ObjectNode event = event();
            event.put("item_id", call.item.path("id").stringValue());
            event.put("output_index", call.outputIndex);
            event.put("name", call.item.path("name").stringValue());
            event.put("arguments", call.arguments.toString());
            emit("response.function_call_arguments.done", event);
            emit("response.output_item.done", itemEvent(call.outputIndex, call.item));
            output.add(call.item);
        }
    }

    private void closeMessage() throws IOException {
        if (message == null) return;
        String whole = text.toString();
        ObjectNode done = partEvent();
        done.put("text", whole);
        done.putArray("logprobs");
        emit("response.output_text.done", done);
        ObjectNode partDone = partEvent();
        partDone.set("part", ResponseObjects.outputText(whole));
        emit("response.content_part.done", partDone);
        message.put("status", ResponseObjects.incomplete(finishReason) ? "incomplete" : "completed");
        ((ArrayNode) message.get("content")).add(ResponseObjects.outputText(whole));
        emit("response.output_item.done", itemEvent(messageIndex, message));
        output.add(message);
        message = null;
    }

    private ObjectNode event() {
        return json.createObjectNode();
    }

    private ObjectNode itemEvent(int outputIndex, ObjectNode item) {
        ObjectNode event = event();
        event.put("output_index", outputIndex);
        event.set("item", item.deepCopy());
        return event;
    }

    private ObjectNode partEvent() {
        ObjectNode event = event();
        event.put("item_id", message.path("id").stringValue());
        event.put("output_index", messageIndex);
        event.put("content_index", 0);
        return event;
    }

    private void emit(String type, ObjectNode event) throws IOException {
        ObjectNode framed = json.createObjectNode();
        framed.put("type", type);
        framed.put("sequence_number", sequence++);
        framed.setAll(event);
        client.write(EVENT);
        client.write(type.getBytes(StandardCharsets.US_ASCII));
        client.write(DATA);
        client.write(json.writeValueAsBytes(framed));
        client.write(EVENT_END);
        client.flush();
    }
}
