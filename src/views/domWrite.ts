/**
 * Writes into the DOM outside React (views that change per frame or per streamed report): only when the value
 * differs, since every write, even of the same value, makes the browser restyle what it touches.
 */
export function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

export function setText(el: Node, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
