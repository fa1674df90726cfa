/* Marks the session running now ("now") and the one after it ("next") from the viewer's clock.
   The agenda is complete without this script; it only adds the two marks, and moves them every
   half minute. No framework, no request: the times are in the page (data-start, data-end). */
(function () {
  "use strict";

  var body = document.body;
  var labels = { now: body.getAttribute("data-now-label") || "Now",
                 next: body.getAttribute("data-next-label") || "Next" };
  var sessions = Array.prototype.slice.call(
    document.querySelectorAll(".session[data-start][data-end]"));
  var times = sessions.map(function (element) {
    return { element: element,
             start: Date.parse(element.getAttribute("data-start")),
             end: Date.parse(element.getAttribute("data-end")) };
  });

  function clear(element) {
    element.classList.remove("now", "next");
    element.removeAttribute("aria-current");
    var badge = element.querySelector(".badge");
    if (badge) { badge.parentNode.removeChild(badge); }
  }

  function mark(element, state) {
    element.classList.add(state);
    if (state === "now") { element.setAttribute("aria-current", "time"); }
    var badge = document.createElement("span");
    badge.className = "badge badge-" + state;
    badge.textContent = labels[state];
    var time = element.querySelector(".time");
    (time || element).appendChild(badge);
  }

  function update() {
    var now = Date.now();
    var nextStart = Infinity;
    times.forEach(function (item) {
      clear(item.element);
      if (item.start > now && item.start < nextStart) { nextStart = item.start; }
    });
    times.forEach(function (item) {
      if (item.start <= now && now < item.end) { mark(item.element, "now"); }
      else if (item.start === nextStart) { mark(item.element, "next"); }
    });
  }

  update();
  window.setInterval(update, 30000);

  // A printed agenda shows what the screen folds away (the workshop's objectives).
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (details) {
      details.open = true;
    });
  });
}());
