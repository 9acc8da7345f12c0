// The small behaviours pages ask for by data attributes, so that no page carries an inline
// script or event handler (the Content-Security-Policy allows scripts from this site only):
//   <select data-autosubmit>            submits its form when changed (the language switch)
//   <a data-back href="/">              goes back when there is a page to go back to
//   <button data-print>                 prints the page (posters)
//   <button data-confirm="question?">   asks before submitting its form
//   <details class="nav-group">         one menu group open at a time; a click elsewhere closes it
//   <form method="post">                sent once: a second press while the first is on its
//                                       way (a double click, a tap again on a slow phone) is
//                                       dropped for 10 s; the server refuses repeats anyway
(function () {
  document.addEventListener("change", function (e) {
    var el = e.target.closest && e.target.closest("[data-autosubmit]");
    if (el && el.form) { el.form.submit(); }
  });
  document.addEventListener("click", function (e) {
    var el = e.target.closest && e.target.closest("[data-back], [data-print], [data-confirm]");
    if (!el) { return; }
    if (el.hasAttribute("data-back") && history.length > 1) { e.preventDefault(); history.back(); }
    if (el.hasAttribute("data-print")) { e.preventDefault(); window.print(); }
    if (el.hasAttribute("data-confirm") && !window.confirm(el.dataset.confirm)) { e.preventDefault(); }
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    // The attribute, not form.method: a field named "method" (finance's payments filter) hides it.
    if (e.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") { return; }
    if (Date.now() - Number(form.dataset.sentAt || 0) < 10000) { e.preventDefault(); return; }
    form.dataset.sentAt = String(Date.now());
  });
  window.addEventListener("pageshow", function () {  // back to a page the browser kept
    document.querySelectorAll("form[data-sent-at]").forEach(function (form) {
      delete form.dataset.sentAt;
    });
  });
  document.addEventListener("click", function (e) {
    var inside = e.target.closest && e.target.closest("details.nav-group");
    document.querySelectorAll("details.nav-group[open]").forEach(function (d) {
      if (d !== inside) { d.removeAttribute("open"); }
    });
  });
})();
