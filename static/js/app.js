/* Project JavaScript. Loaded with defer after dkfds.min.js; no inline scripts anywhere
   (the Content-Security-Policy is default-src 'self'). */
(function () {
  "use strict";

  function init() {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      // Accordions, alerts, dropdowns, the mobile drawer and the desktop "more" menu.
      window.DKFDS.init();
    }
    // DKFDS writes a Danish "Mere" into the overflow button it adds to the main menu;
    // use the label the template translated for the page's language instead.
    var nav = document.querySelector(".navigation-menu .nav[data-more-label]");
    var more = document.querySelector(".navigation-menu .more-option .more-button span");
    if (nav && more) {
      more.textContent = nav.getAttribute("data-more-label");
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
