// The console's few scripts: charts from data attributes, copy buttons, the playground's stream.
// No inline scripts anywhere (the content security policy forbids them).
(function () {
  "use strict";

  function csrf() {
    var input = document.querySelector("input[name=_csrf]");
    return input ? input.value : "";
  }

  function charts(root) {
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.ready || typeof Chart === "undefined") return;
      canvas.dataset.ready = "1";
      var spec = JSON.parse(canvas.dataset.chart);
      new Chart(canvas, {
        type: spec.type || "bar",
        data: {
          labels: spec.labels,
          datasets: spec.series.map(function (s, i) {
            return { label: s.label, data: s.data, yAxisID: i === 0 ? "y" : "y1",
                     backgroundColor: i === 0 ? "#0b5cad" : "#bf5700", borderColor: i === 0 ? "#0b5cad" : "#bf5700" };
          })
        },
        options: { maintainAspectRatio: false, animation: false,
                   scales: { y: { beginAtZero: true, position: "left" },
                             y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false },
                                   display: spec.series.length > 1 } } }
      });
    });
  }

  function copyButtons(root) {
    root.querySelectorAll("button[data-copy]").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.addEventListener("click", function () {
        var target = document.getElementById(button.dataset.copy);
        var done = function () { button.textContent = "Copied"; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(target.textContent.trim()).then(done, function () { select(target); });
        } else {
          select(target);
          try { document.execCommand("copy"); done(); } catch (e) { /* selected for a manual copy */ }
        }
      });
    });
  }

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function playground(root) {
    var form = root.querySelector("form#playground");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answer = document.getElementById("answer");
      var status = document.getElementById("answer-status");
      var facts = { provider: document.getElementById("fact-provider"), tokens: document.getElementById("fact-tokens"),
                    cost: document.getElementById("fact-cost") };
      var button = form.querySelector("button[type=submit]");
      answer.textContent = "";
      facts.provider.textContent = facts.tokens.textContent = facts.cost.textContent = "…";
      status.textContent = "Streaming…";
      button.disabled = true;
      fetch("/playground/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-TOKEN": csrf() },
        body: JSON.stringify({ model: form.model.value, message: form.message.value,
                               max_tokens: form.max_tokens.value ? Number(form.max_tokens.value) : null })
      }).then(function (response) {
        facts.provider.textContent = response.headers.get("x-aggregator-provider") || "—";
        if (!response.ok) {
          return response.text().then(function (text) {
            var message = text;
            try { var body = JSON.parse(text); message = (body.error && body.error.message) || body.detail || text; } catch (e) { /* plain text */ }
            throw new Error(message || ("HTTP " + response.status));
          });
        }
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) return;
            buffer += decoder.decode(chunk.value, { stream: true });
            var lines = buffer.split("\n");
            buffer = lines.pop();
            lines.forEach(function (line) {
              if (line.indexOf("data:") !== 0) return;
              var data = line.slice(5).trim();
              if (data === "[DONE]" || !data) return;
              var event = JSON.parse(data);
              if (event.error) throw new Error(event.error.message);
              (event.choices || []).forEach(function (choice) {
                if (choice.delta && choice.delta.content) answer.textContent += choice.delta.content;
              });
              if (event.usage) {
                facts.tokens.textContent = event.usage.prompt_tokens + " in, " + event.usage.completion_tokens + " out";
                // The cost as the API wrote it (exact), not as a binary float.
                var raw = /"cost"\s*:\s*"?([0-9.]+)/.exec(data);
                facts.cost.textContent = "$" + (raw ? raw[1] : event.usage.cost);
              }
            });
            return pump();
          });
        }
        return pump();
      }).then(function () {
        status.textContent = "Done.";
      }).catch(function (error) {
        status.textContent = "Error: " + error.message;
      }).finally(function () {
        button.disabled = false;
      });
    });
  }

  function init(root) {
    charts(root);
    copyButtons(root);
    playground(root);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();
