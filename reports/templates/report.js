// Draws the report's Vega-Lite charts with the inlined vega, vega-lite and vega-embed
// builds, then tells the printer it may print (window.__reportReady) or why not.
(function () {
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  var ids = Object.keys(specs);
  Promise.all(ids.map(function (id) {
    return vegaEmbed('#' + id, specs[id], { renderer: 'svg', actions: false });
  })).then(function () {
    window.__reportCharts = ids.map(function (id) {
      return { id: id, marks: document.querySelectorAll('#' + id + ' svg .mark-rect path, #' + id + ' svg .mark-line path, #' + id + ' svg .mark-area path, #' + id + ' svg .mark-symbol path').length };
    });
    window.__reportReady = true;
  }, function (error) {
    window.__reportError = String(error && error.message || error);
  });
})();
