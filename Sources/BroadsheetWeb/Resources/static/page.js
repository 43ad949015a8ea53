// Ties each article's region on the page image to its line in the list beside it: pointing at
// or focusing either lights up both. The regions are links and work without this script.
(function () {
  function mark(target, on) {
    var el = target && target.closest ? target.closest('[data-article]') : null;
    if (!el) return;
    var id = el.getAttribute('data-article');
    document.querySelectorAll('[data-article]').forEach(function (other) {
      if (other.getAttribute('data-article') === id) other.classList.toggle('hot', on);
    });
  }
  ['mouseover', 'focusin'].forEach(function (type) {
    document.addEventListener(type, function (e) { mark(e.target, true); });
  });
  ['mouseout', 'focusout'].forEach(function (type) {
    document.addEventListener(type, function (e) { mark(e.target, false); });
  });
})();
