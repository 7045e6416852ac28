/** Attribute values: `false`/`undefined` leave the attribute off, `true` sets it empty. */
export type AttributeValues = Record<string, string | boolean | undefined>;

export interface ElementOptions {
  className?: string;
  /** Set with textContent: server text never goes through an HTML parser. */
  text?: string;
  attributes?: AttributeValues;
}

/** A small DOM builder, so no template strings (and no innerHTML) are needed anywhere in the UI. */
export function makeElement<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  { className, text, attributes = {} }: ElementOptions = {},
  children: ReadonlyArray<Node | string | null | undefined> = [],
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  if (className !== undefined) element.className = className;
  setAttributes(element, attributes);
  if (text !== undefined) element.textContent = text;
  for (const child of children) {
    if (child === null || child === undefined) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

export function setAttributes(element: Element, attributes: AttributeValues): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) element.removeAttribute(name);
    else element.setAttribute(name, value === true ? '' : value);
  }
}
