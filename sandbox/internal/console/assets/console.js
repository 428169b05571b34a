// payspec sandbox console: the few things the pages cannot do without a
// script. Every page works without it.
(function () {
  "use strict";

  // A problem of the playground selects the text it points at in the body
  // (or focuses the parameter it is about).
  function selectProblem(event) {
    var link = event.target.closest && event.target.closest("a.problem");
    if (!link) return;
    var target = document.getElementById(link.dataset.target || "body");
    if (!target) return;
    event.preventDefault();
    target.focus();
    if (target.tagName === "TEXTAREA" && link.dataset.start !== undefined) {
      var start = Number(link.dataset.start), end = Number(link.dataset.end);
      target.setSelectionRange(start, end);
      // Scroll the selected line into view: the rows above it, at the
      // textarea's line height.
      var line = target.value.slice(0, start).split("\n").length - 1;
      var height = parseFloat(getComputedStyle(target).lineHeight) || 18;
      target.scrollTop = Math.max(0, (line - 3) * height);
    }
    target.scrollIntoView({ block: "nearest" });
  }

  // Typing in the operation search filters the list below it.
  function filterOperations() {
    var input = document.getElementById("op-search");
    var list = document.getElementById("op-list");
    if (!input || !list) return;
    var apply = function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      list.querySelectorAll("li[data-op]").forEach(function (li) {
        var text = li.dataset.op.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        li.hidden = !match;
        if (match) shown++;
      });
      list.querySelectorAll("ul.op-list").forEach(function (ul) {
        var any = ul.querySelector("li:not([hidden])");
        ul.hidden = !any;
        if (ul.previousElementSibling) ul.previousElementSibling.hidden = !any;
      });
      document.getElementById("op-none").hidden = shown > 0;
    };
    input.addEventListener("input", apply);
  }

  // The webhook log follows the server's stream of its first page.
  function followDeliveries() {
    var live = document.getElementById("live");
    var log = document.getElementById("deliveries");
    if (!live || !log || !window.EventSource) return;
    var source = new EventSource(live.dataset.stream);
    source.addEventListener("deliveries", function (event) {
      log.innerHTML = event.data;
      live.classList.add("on");
      live.textContent = "Live: this list updates by itself (last change " + new Date().toLocaleTimeString() + ").";
    });
    source.addEventListener("open", function () {
      live.classList.add("on");
      if (live.textContent.indexOf("Live") !== 0) live.textContent = "Live: this list updates by itself.";
    });
    source.addEventListener("error", function () {
      live.classList.remove("on");
      live.textContent = "Reconnecting to the sandbox…";
    });
  }

  document.addEventListener("click", selectProblem);
  document.addEventListener("DOMContentLoaded", function () {
    filterOperations();
    followDeliveries();
  });
})();
