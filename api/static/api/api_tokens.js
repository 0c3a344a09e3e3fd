/* The API keys page: a button that copies the new key (shown only when the browser can copy). */
(function () {
  "use strict";

  function init() {
    document.querySelectorAll(".js-copy-token").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.getElementById("copy-status");
      if (!field || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(
          function () {
            if (status) {
              status.textContent = button.getAttribute("data-copied-text");
            }
          },
          function () {
            field.select();
          }
        );
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
