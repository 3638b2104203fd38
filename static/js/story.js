/* The story page: a shared quote lights up its twins in the other columns on hover or focus, and a
   click (or Enter) scrolls each other column to its twin. Delegated from document, so columns
   swapped in by htmx work too. No inline script (CSP). */
(function () {
  "use strict";

  function twins(mark) {
    var quote = mark.getAttribute("data-quote");
    return document.querySelectorAll('mark.shared[data-quote="' + quote + '"]');
  }

  function light(mark, on) {
    twins(mark).forEach(function (twin) { twin.classList.toggle("twin-lit", on); });
  }

  function scrollTwins(mark) {
    var own = mark.closest(".column");
    var quote = mark.getAttribute("data-quote");
    document.querySelectorAll(".columns .column").forEach(function (column) {
      if (column === own) { return; }
      var twin = column.querySelector('mark.shared[data-quote="' + quote + '"]');
      if (!twin) { return; }
      // Put the twin a third of the way down its column, at the same height as the clicked quote where possible.
      var offset = twin.getBoundingClientRect().top - column.getBoundingClientRect().top;
      column.scrollTo({ top: column.scrollTop + offset - column.clientHeight / 3, behavior: "auto" });
    });
  }

  function sharedMark(target) {
    return target && target.closest ? target.closest("mark.shared[data-quote]") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var mark = sharedMark(event.target);
    if (mark) { light(mark, true); }
  });
  document.addEventListener("mouseout", function (event) {
    var mark = sharedMark(event.target);
    if (mark && !mark.contains(event.relatedTarget)) { light(mark, false); }
  });
  document.addEventListener("focusin", function (event) {
    var mark = sharedMark(event.target);
    if (mark) { light(mark, true); }
  });
  document.addEventListener("focusout", function (event) {
    var mark = sharedMark(event.target);
    if (mark) { light(mark, false); }
  });
  document.addEventListener("click", function (event) {
    var mark = sharedMark(event.target);
    if (mark) { scrollTwins(mark); }
  });
  // Ticking a fifth article in the chooser swaps it in for the first column's, before htmx sends the
  // form (capture phase), so a reader swaps a column in one click instead of unticking first.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches(".chooser input[type=checkbox]") || !box.checked) { return; }
    var ticked = box.form.querySelectorAll("input[type=checkbox]:checked");
    if (ticked.length <= 4) { return; }
    var first = document.querySelector(".columns .column");
    var out = first && box.form.querySelector('input[type=checkbox][value="' + first.getAttribute("data-article") + '"]');
    if (out && out !== box) { out.checked = false; }
  }, true);

  document.addEventListener("keydown", function (event) {
    var mark = sharedMark(event.target);
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      scrollTwins(mark);
    }
  });
})();
