/*
 * The contact form's proof-of-work (intake/proof_of_work.py): fetch a challenge from our own
 * endpoint, find the number whose SHA-256 with the salt gives it (ALTCHA's format), and send
 * the answer in the hidden "altcha" field. A person does not notice; a bot sending thousands
 * of forms pays for each. Without this script the form still works (the other defences
 * decide), so nothing here may stop a person from sending.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-proof-of-work]");
  if (!form || !window.fetch || !window.crypto || !window.crypto.subtle || !window.TextEncoder) {
    return;
  }
  var field = form.querySelector('input[name="altcha"]');
  var encoder = new TextEncoder();

  function hex(buffer) {
    return Array.prototype.map
      .call(new Uint8Array(buffer), function (byte) {
        return byte.toString(16).padStart(2, "0");
      })
      .join("");
  }

  async function solve() {
    var response = await fetch(form.dataset.proofOfWork, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) {
      return;
    }
    var challenge = await response.json();
    for (var number = 0; number <= challenge.maxNumber; number++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + number));
      if (hex(digest) === challenge.challenge) {
        field.value = btoa(
          JSON.stringify({
            algorithm: challenge.algorithm,
            challenge: challenge.challenge,
            number: number,
            salt: challenge.salt,
            signature: challenge.signature,
          })
        );
        return;
      }
    }
  }

  var solving = solve().catch(function () {});
  var waiting = false;
  form.addEventListener("submit", function (event) {
    if (field.value || waiting) {
      return;
    }
    // Sent before the answer was found: wait for it (a second at most, usually), then send.
    event.preventDefault();
    waiting = true;
    solving.then(function () {
      form.submit();
    });
  });
})();
