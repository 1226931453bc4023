// "Copy link" on a post: the button stays hidden without JavaScript, where the address is
// shown as text to select instead.
(function () {
  "use strict";
  var button = document.querySelector(".share__copy");
  if (!button) return;
  var status = document.querySelector(".share__status");
  var url = button.getAttribute("data-share-url");

  function fallbackCopy() {
    // Older browsers, or pages not served over https: select the printed address and copy it.
    var text = document.querySelector(".share__url");
    var range = document.createRange();
    range.selectNodeContents(text);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return document.execCommand && document.execCommand("copy");
  }

  function say(message) {
    if (status) status.textContent = message;
  }

  button.addEventListener("click", function () {
    var copying = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(url)
      : (fallbackCopy() ? Promise.resolve() : Promise.reject());
    copying.then(function () { say("Link copied."); },
                 function () { say("Could not copy: select the link above and copy it."); });
  });
  button.hidden = false;
})();
