// Added by `summarizer preview` to every page it serves (never to built files): reloads the page
// after each good rebuild and shows a failed rebuild's error over the last good page.
(() => {
  const loadedBuild = Number(document.currentScript.dataset.build);
  const events = new EventSource("/__preview/events");

  function showError(message) {
    let box = document.getElementById("preview-error");
    if (!message) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("section");
      box.id = "preview-error";
      box.setAttribute("role", "alert");
      box.setAttribute("aria-labelledby", "preview-error-title");
      const title = document.createElement("h2");
      title.id = "preview-error-title";
      title.textContent = "The last rebuild failed";
      const note = document.createElement("p");
      note.textContent = "You are looking at the last good build. Fix the problem and save: the page reloads by itself.";
      box.append(title, note, document.createElement("pre"));
      document.body.append(box);
    }
    box.querySelector("pre").textContent = message;
  }

  events.addEventListener("status", (event) => {
    const status = JSON.parse(event.data);
    if (status.build !== loadedBuild) {
      location.reload();
      return;
    }
    showError(status.error);
  });
})();
