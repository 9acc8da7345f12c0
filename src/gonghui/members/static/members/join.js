// The join form's pickers: the place (search, or province → city → county), the
// employer among the enterprises on file, and the union the request will go to.
// The form works without this script: the server resolves what was typed and asks to
// confirm the union (members.views.join).
(function () {
  "use strict";
  var form = document.querySelector("form.join-form");
  if (!form) return;
  var seen = form.querySelector("input[name=union_seen]");
  var preview = form.querySelector(".union-preview");

  function hidden(name) {
    var input = form.querySelector("input[type=hidden][name=" + name + "]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    return input;
  }

  function getJSON(url, params) {
    var query = new URLSearchParams(params).toString();
    return fetch(url + "?" + query, { headers: { Accept: "application/json" } }).then(
      function (r) { return r.ok ? r.json() : { results: [] }; }
    );
  }

  function debounce(fn, ms) {
    var timer;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  // A list under a search box: options to tap, arrows and Enter from the keyboard.
  function Picker(fieldset, input, list) {
    var active = -1;
    this.show = function (items) {
      list.textContent = "";
      active = -1;
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.textContent = item.text;
        if (item.note) {
          var note = document.createElement("span");
          note.className = "muted";
          note.textContent = " " + item.note;
          li.appendChild(note);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { item.pick(); });
        li._pick = item.pick;
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", String(!list.hidden));
    };
    this.close = function () { this.show([]); };
    var self = this;
    input.addEventListener("keydown", function (e) {
      var options = list.querySelectorAll("li");
      if (list.hidden || !options.length) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        active = (active + (e.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
        options.forEach(function (o, i) { o.setAttribute("aria-selected", String(i === active)); });
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        options[active]._pick();
      } else if (e.key === "Escape") {
        self.close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(function () { self.close(); }, 150); });
    // Radio choices the server offered give way to the picker once it is used.
    this.dropChoices = function () {
      var choices = fieldset.querySelector(".choices");
      if (choices) choices.remove();
    };
  }

  // The place.
  var placeSet = form.querySelector("[data-picker=place]");
  var placeInput = placeSet.querySelector("input[name=region_text]");
  var placeList = placeSet.querySelector(".picker-list");
  var place = new Picker(placeSet, placeInput, placeList);
  var placesUrl = form.dataset.placesUrl;

  function choosePlace(p) {
    place.dropChoices();
    hidden("region").value = p.code;
    placeInput.value = p.label;
    place.close();
    refreshUnion();
  }

  function placeItems(results) {
    return results.map(function (p) {
      if (p.level === "county") {
        return { text: p.label, note: p.code, pick: function () { choosePlace(p); } };
      }
      return { text: p.label + " ›", pick: function () { browse(p.code); } };
    });
  }

  function browse(parent) {
    getJSON(placesUrl, parent ? { parent: parent } : {}).then(function (data) {
      place.show(placeItems(data.results));
      placeInput.focus();
    });
  }

  placeInput.addEventListener(
    "input",
    debounce(function () {
      hidden("region").value = "";
      showUnion(null);
      var q = placeInput.value.trim();
      if (!q) { place.close(); return; }
      getJSON(placesUrl, { q: q }).then(function (data) { place.show(placeItems(data.results)); });
    }, 200)
  );
  var browseButton = placeSet.querySelector("[data-browse]");
  browseButton.parentNode.hidden = false;
  browseButton.addEventListener("click", function () { browse(""); });
  placeSet.querySelectorAll(".choices input[type=radio]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      placeInput.value = radio.parentNode.textContent.trim();
      refreshUnion();
    });
  });

  // The employer.
  var employerSet = form.querySelector("[data-picker=employer]");
  var employerInput = employerSet.querySelector("input[name=employer_text]");
  var employerList = employerSet.querySelector(".picker-list");
  var employer = new Picker(employerSet, employerInput, employerList);
  var notOnFile = employerSet.querySelector("input[name=employer_not_on_file]");
  var notOnFileDetails = employerSet.querySelector(".not-on-file");
  var employersUrl = form.dataset.employersUrl;

  function showNotOnFile() { notOnFileDetails.hidden = !notOnFile.checked; }

  function chooseEmployer(id, name) {
    employer.dropChoices();
    hidden("employer").value = id;
    employerInput.value = name;
    notOnFile.checked = !id;
    showNotOnFile();
    employer.close();
    refreshUnion();
  }

  employerInput.addEventListener(
    "input",
    debounce(function () {
      hidden("employer").value = "";
      var q = employerInput.value.trim();
      if (!q) { employer.close(); refreshUnion(); return; }
      getJSON(employersUrl, { q: q, region: hidden("region").value }).then(function (data) {
        var items = data.results.map(function (e) {
          return { text: e.name, note: e.place, pick: function () { chooseEmployer(e.id, e.name); } };
        });
        items.push({
          text: form.dataset.notOnFile || notOnFile.parentNode.textContent.trim(),
          note: "“" + q + "”",
          pick: function () { chooseEmployer("", q); },
        });
        employer.show(items);
      });
      refreshUnion();
    }, 250)
  );
  notOnFile.addEventListener("change", function () {
    if (notOnFile.checked) hidden("employer").value = "";
    showNotOnFile();
    refreshUnion();
  });
  employerSet.querySelectorAll(".choices input[type=radio]").forEach(function (radio) {
    radio.addEventListener("change", refreshUnion);
  });
  showNotOnFile();

  // The union the request goes to, shown before it is sent.
  function showUnion(data) {
    preview.textContent = "";
    preview.classList.remove("found");
    seen.value = "";
    if (!data) return;
    var p = document.createElement("p");
    p.setAttribute("role", "status");
    if (data.union) {
      p.textContent = preview.dataset.textGoesTo + " ";
      var b = document.createElement("b");
      b.textContent = data.union.name;
      p.appendChild(b);
      preview.classList.add("found");
      seen.value = data.union.id;
    } else {
      p.className = "error";
      p.textContent = data.message;
    }
    preview.appendChild(p);
  }

  var refreshUnion = debounce(function () {
    var chosenRegion = form.querySelector("input[name=region]:checked") || hidden("region");
    if (!chosenRegion.value) { showUnion(null); return; }
    var chosenEmployer = form.querySelector("input[name=employer]:checked") || hidden("employer");
    getJSON(form.dataset.unionUrl, {
      region: chosenRegion.value,
      work_kind: form.querySelector("[name=work_kind]").value,
      employer: notOnFile.checked ? "" : chosenEmployer.value,
      employer_credit_code: form.querySelector("[name=employer_credit_code]").value,
      employer_name: employerInput.value,
    }).then(showUnion);
  }, 150);
  form.querySelector("[name=work_kind]").addEventListener("change", refreshUnion);
  form.querySelector("[name=employer_credit_code]").addEventListener("change", refreshUnion);
  if (hidden("region").value && !seen.value) refreshUnion();
})();
