// Building the screens: elements, the notice line, and the route in the URL hash.

/** Build an element: h("button", {type: "button", onclick}, "text", child, ...). */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export function notice(text, kind = "info") {
  const box = document.getElementById("notice");
  box.textContent = text;
  box.className = `notice ${kind}`;
  box.hidden = !text;
  clearTimeout(notice.timer);
  if (text && kind === "info") notice.timer = setTimeout(() => (box.hidden = true), 6000);
}

export function route() {
  const [name] = location.hash.replace(/^#\//, "").split("/");
  return ["assignments", "visits", "new", "settings", "fix", "refer"].includes(name) ? name : "assignments";
}

/** What follows the route's name in the hash: #/fix/<client_uuid>. */
export function routeArg() {
  return location.hash.replace(/^#\//, "").split("/")[1] || "";
}
