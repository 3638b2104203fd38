/* Reader preferences (size, width, typeface, theme) kept in localStorage, and keyboard shortcuts.
   Loaded in <head> so the saved theme applies before the first paint; no inline script (CSP). */
(function () {
  "use strict";
  var KEY = "newsroom.reader";
  var CHOICES = {
    size: ["s", "m", "l", "xl"],
    measure: ["narrow", "normal", "wide"],
    typeface: ["serif", "sans"],
    theme: ["auto", "light", "dark", "sepia"]
  };
  var DEFAULTS = { size: "m", measure: "normal", typeface: "serif", theme: "auto" };

  function load() {
    var saved = {};
    try { saved = JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { saved = {}; }
    var prefs = {};
    Object.keys(DEFAULTS).forEach(function (name) {
      prefs[name] = CHOICES[name].indexOf(saved[name]) >= 0 ? saved[name] : DEFAULTS[name];
    });
    return prefs;
  }

  function apply(prefs) {
    var root = document.documentElement;
    Object.keys(prefs).forEach(function (name) { root.setAttribute("data-" + name, prefs[name]); });
  }

  function save(prefs) {
    try { localStorage.setItem(KEY, JSON.stringify(prefs)); } catch (e) { /* private mode: still applied */ }
  }

  var prefs = load();
  apply(prefs);

  function step(name, delta) {
    var options = CHOICES[name];
    var index = Math.min(options.length - 1, Math.max(0, options.indexOf(prefs[name]) + delta));
    prefs[name] = options[index];
  }

  function bindControls() {
    var panel = document.querySelector("[data-reader-settings]");
    if (!panel) { return; }
    panel.hidden = false;
    panel.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-pref]");
      if (!button) { return; }
      var name = button.getAttribute("data-pref");
      var value = button.getAttribute("data-value");
      if (value === "+1" || value === "-1") { step(name, parseInt(value, 10)); } else { prefs[name] = value; }
      apply(prefs);
      save(prefs);
      refreshPressed(panel);
    });
    refreshPressed(panel);
  }

  function refreshPressed(panel) {
    panel.querySelectorAll("button[data-pref]").forEach(function (button) {
      var value = button.getAttribute("data-value");
      if (value !== "+1" && value !== "-1") {
        button.setAttribute("aria-pressed", String(prefs[button.getAttribute("data-pref")] === value));
      }
    });
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function bindShortcuts() {
    var help = document.getElementById("shortcuts-help");
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
      if (event.key === "?" && help && typeof help.showModal === "function") {
        event.preventDefault();
        if (help.open) { help.close(); } else { help.showModal(); }
      } else if (event.key === "j" || event.key === "k") {
        var link = document.querySelector(event.key === "j" ? "a[data-shortcut=next]" : "a[data-shortcut=previous]");
        if (link) { event.preventDefault(); window.location.assign(link.href); }
      } else if (event.key === "/") {
        var search = document.querySelector("input[type=search]");
        if (search) { event.preventDefault(); search.focus(); }
      }
    });
    if (help) {
      help.querySelectorAll("[data-close]").forEach(function (button) {
        button.addEventListener("click", function () { help.close(); });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    bindControls();
    bindShortcuts();
  });
})();
