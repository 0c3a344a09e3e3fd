/* Charts of the measurement pages. Each chart is a container
     <div class="dash-chart" role="img" aria-label="..." data-chart="<id of a json_script>">
   whose figure (a plain plotly figure: {data, layout}) is in the JSON script element named by
   data-chart. Charts are drawn when they come near the viewport, so a dashboard with many
   cards stays quick. No inline scripts or styles (CSP: default-src 'self'): plotly's own CSS
   rules are in css/measurement.css, linked with the id plotly looks for. */
(function () {
  "use strict";

  // No mode bar (it needs inline styles and is of little use here); no zoom or drag, so a
  // finger scrolling the page on a tablet is not caught by a chart.
  var CONFIG = {
    displayModeBar: false,
    responsive: true,
    displaylogo: false,
    scrollZoom: false,
    doubleClick: false,
    showTips: false,
    staticPlot: false
  };

  // The server picks the period ticks for a card; a narrow screen gets fewer of them (the
  // last is kept: it is the target's period) and a narrower left margin.
  function fitToWidth(layout, width) {
    var axis = layout.xaxis;
    if (width >= 560 || !axis) {
      return;
    }
    var most = width < 420 ? 3 : 5;
    if (axis.tickvals && axis.tickvals.length > most) {
      var step = Math.ceil(axis.tickvals.length / most);
      var values = [];
      var texts = [];
      for (var i = 0; i < axis.tickvals.length; i += step) {
        values.push(axis.tickvals[i]);
        texts.push(axis.ticktext[i]);
      }
      var last = axis.tickvals.length - 1;
      if (values[values.length - 1] !== axis.tickvals[last]) {
        values[values.length - 1] = axis.tickvals[last];
        texts[texts.length - 1] = axis.ticktext[last];
      }
      axis.tickvals = values;
      axis.ticktext = texts;
    }
    if (layout.margin) {
      layout.margin.l = 48;
    }
  }

  function draw(container) {
    if (container.getAttribute("data-drawn") === "true" || !window.Plotly) {
      return;
    }
    var source = document.getElementById(container.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var figure;
    try {
      figure = JSON.parse(source.textContent);
    } catch (error) {
      return;
    }
    container.setAttribute("data-drawn", "true");
    container.textContent = "";
    fitToWidth(figure.layout, container.clientWidth);
    window.Plotly.newPlot(container, figure.data, figure.layout, CONFIG);
  }

  function init() {
    var containers = Array.prototype.slice.call(document.querySelectorAll("[data-chart]"));
    if (!containers.length) {
      return;
    }
    if (!("IntersectionObserver" in window)) {
      containers.forEach(draw);
      return;
    }
    var observer = new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            observer.unobserve(entry.target);
            draw(entry.target);
          }
        });
      },
      { rootMargin: "300px 0px" }
    );
    containers.forEach(function (container) {
      observer.observe(container);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
