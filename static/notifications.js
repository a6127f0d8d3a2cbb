/* PR-2: the bell's unread count, asked for once the page has loaded, so that no page pays for working out what happened
   to its reader. The server sends the figure and the bell's name in the reader's language; without JavaScript the
   bell is a plain link to the notifications. */
document.addEventListener("DOMContentLoaded", () => {
  const bell = document.querySelector("a.bell[data-count-url]");
  if (!bell) return;
  fetch(bell.dataset.countUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok && !response.redirected ? response.json() : null))
    .then((data) => {
      if (!data || typeof data.unread !== "number") return;
      bell.querySelector(".bell-label").textContent = data.label;
      const count = bell.querySelector(".bell-count");
      count.textContent = data.unread > 99 ? "99+" : String(data.unread);
      count.hidden = data.unread === 0;
    })
    .catch(() => {});
});
