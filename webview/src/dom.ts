// The only way the webview makes elements: text goes in through textContent, never as markup, so a
// span named `<img src=x onerror=alert(1)>` shows those characters and runs nothing.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Sets textContent only when it changed (row recycling touches many nodes per frame). */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
