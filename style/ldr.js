// LDR Assurance: progressive enhancement with NHS.UK frontend.
//
// Loaded at the end of <body> as <script type="module" src="/style/ldr.js"></script>.
// The Content-Security-Policy forbids inline script, so the body-class snippet
// from the NHS.UK frontend docs lives here. Every page works without this file.
//
// The static import runs first; if it fails (404, blocked), this module never runs,
// the body classes are never added, and the pages keep their no-JS behaviour.
import { initAll } from "/style/vendor/nhsuk-frontend.min.js";

// Any browser that runs a module script passes NHS.UK frontend's support check,
// and initAll() refuses to run (SupportError) without this class.
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");

// By default initAll() only console.log()s a component that fails to start (for example
// markup that does not match the component), which is easy to miss: report it as an error.
initAll({
  onError(error, context) {
    const where = context?.component?.moduleName ?? "nhsuk-frontend";
    console.error(`${where} did not start:`, error);
  },
});

// A form that takes a while (generating a steering pack typesets a PDF): after a second, show
// its status message, so a person knows it is working. Without JavaScript the browser's own
// loading indicator does this, and the form works the same.
for (const form of document.querySelectorAll("form[data-ldr-progress]")) {
  form.addEventListener("submit", () => {
    const status = document.getElementById(form.dataset.ldrProgress);
    if (status) {
      setTimeout(() => {
        status.hidden = false;
      }, 1000);
    }
  });
}
