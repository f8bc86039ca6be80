// The cookie choice without a page reload (the form works without this script too: a POST
// and a redirect back). Sends the banner's or the panel's form with fetch, hides the banner,
// says the choice was saved, and runs the scripts of categories just allowed; the footer link
// and the privacy statement's link open the banner again at the top of the page.
(function () {
  "use strict";
  var banner = document.getElementById("cookie-consent");
  var saved = document.getElementById("cookie-consent-saved");

  function allowedNow() {
    var value = saved ? saved.getAttribute("data-allowed") || "" : "";
    return value ? value.split(" ") : [];
  }

  function runScripts(urls) {
    urls.forEach(function (url) {
      if (document.querySelector('script[data-consent-src="' + url + '"]')) return;
      var script = document.createElement("script");
      script.src = url;
      script.setAttribute("data-consent-src", url);
      document.body.appendChild(script);
    });
  }

  function update(forms, allowed) {
    forms.forEach(function (form) {
      ["statistics", "marketing"].forEach(function (name) {
        var box = form.querySelector('input[name="' + name + '"]');
        if (box) box.checked = allowed.indexOf(name) !== -1;
      });
    });
  }

  function submitPlainly(form, choice) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "choice";
    input.value = choice;
    form.appendChild(input);
    form.submit();
  }

  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-consent-form]"));
  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) return;
      event.preventDefault();
      var submitter = event.submitter;
      var choice = submitter && submitter.name === "choice" ? submitter.value : "selected";
      var data = new FormData(form);
      data.set("choice", choice);
      var before = allowedNow();
      fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (answer) {
          var withdrawn = before.filter(function (name) {
            return answer.allowed.indexOf(name) === -1;
          });
          if (withdrawn.length) {
            // A script that already ran cannot be stopped: load the page again without it.
            window.location.reload();
            return;
          }
          update(forms, answer.allowed);
          if (banner) banner.hidden = true;
          var summary = document.querySelector("[data-consent-summary]");
          if (summary) summary.textContent = answer.message;
          if (saved) {
            saved.setAttribute("data-allowed", answer.allowed.join(" "));
            saved.textContent = answer.message;
            saved.focus();
          }
          runScripts(answer.scripts);
        })
        .catch(function () {
          submitPlainly(form, choice);
        });
    });
  });

  // The footer link and the statement's link open the choice where it is, at the top.
  if (banner) {
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || link.hash !== "#cookie-settings" || link.pathname === window.location.pathname) return;
      event.preventDefault();
      banner.hidden = false;
      if (saved) saved.textContent = "";
      var title = document.getElementById("cookie-consent-title");
      title.focus();
      banner.scrollIntoView();
    });
  }
})();
