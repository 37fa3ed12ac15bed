// Draws every <canvas data-chart> with Chart.js (served from the app: the page needs no internet). The same
// numbers are in a table under each chart.
(function () {
  if (typeof Chart === 'undefined') return;
  var colours = ['#0f766e', '#b45309', '#7c3aed', '#be123c', '#1d4ed8', '#4d7c0f'];
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var spec = JSON.parse(canvas.getAttribute('data-chart'));
    new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length], borderColor: colours[i % colours.length], tension: 0.25 };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: spec.series.length > 1, position: 'bottom' } },
        scales: { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    canvas.setAttribute('data-drawn', 'true');
  });
})();
