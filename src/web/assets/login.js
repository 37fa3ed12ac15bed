// Moves the login token from the link's fragment (never sent to a server) into the form, then drops it from the
// address bar and the history. Only pressing the button uses the link.
(function () {
  var m = /(?:^#|&)t=([A-Za-z0-9_-]{43})(?:&|$)/.exec(window.location.hash);
  if (!m) return;
  document.getElementById('token').value = m[1];
  document.getElementById('login').hidden = false;
  document.getElementById('no-token').hidden = true;
  history.replaceState(null, '', window.location.pathname);
  document.querySelector('#login button').focus();
})();
