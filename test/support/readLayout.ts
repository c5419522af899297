/**
 * What a person would see as broken on a small screen, read inside the page (pass it to
 * Playwright's `page.evaluate`; it uses nothing from outside its own body):
 * - `overlaps`: visible boxes that cover each other without one holding the other (a floating
 *   button over the content, two buttons squeezed onto each other);
 * - `wrappedButtons`: buttons taller than one line of their text;
 * - `brokenEmails`: email addresses laid out on more than one line;
 * - `overflow`: how far the page is wider than the screen (a sideways scroll).
 */
export function readLayout(): {
  overlaps: string[]
  wrappedButtons: string[]
  brokenEmails: string[]
  overflow: number
} {
  const selector = [
    'button',
    'a',
    'input',
    'label',
    'h1',
    'h2',
    'h3',
    'p',
    'dt',
    'dd',
    'li',
    'th',
    'td',
    'code',
    '.px-card',
    '.app-header',
    '.app-footer',
    // What floats above the page: React Query's devtools button, a toast.
    '[class*="tsqd"]',
  ].join(', ')
  const name = (element: Element) => {
    const firstClass = element.getAttribute('class')?.split(' ')[0]
    const text = (element.textContent ?? '').trim().slice(0, 30)
    return `${element.tagName.toLowerCase()}${firstClass ? `.${firstClass}` : ''} "${text}"`
  }
  const visible = Array.from(document.querySelectorAll(selector)).filter((element) => {
    const box = element.getBoundingClientRect()
    const style = getComputedStyle(element)
    return (
      box.width > 1 &&
      box.height > 1 &&
      style.visibility !== 'hidden' &&
      box.bottom > 0 &&
      box.top < window.innerHeight
    )
  })
  const overlaps: string[] = []
  for (const [index, a] of visible.entries()) {
    for (const b of visible.slice(index + 1)) {
      if (a.contains(b) || b.contains(a)) continue
      const p = a.getBoundingClientRect()
      const q = b.getBoundingClientRect()
      const x = Math.min(p.right, q.right) - Math.max(p.left, q.left)
      const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top)
      if (x > 1 && y > 1) overlaps.push(`${name(a)} × ${name(b)}`)
    }
  }

  const wrappedButtons = Array.from(document.querySelectorAll('button'))
    .filter((button) => {
      const style = getComputedStyle(button)
      const line =
        style.lineHeight === 'normal'
          ? parseFloat(style.fontSize) * 1.25
          : parseFloat(style.lineHeight)
      const frame =
        parseFloat(style.paddingTop) +
        parseFloat(style.paddingBottom) +
        parseFloat(style.borderTopWidth) +
        parseFloat(style.borderBottomWidth)
      const height = button.getBoundingClientRect().height
      return height > 1 && height > frame + line * 1.5
    })
    .map(name)

  const brokenEmails: string[] = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? ''
    for (const match of text.matchAll(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g)) {
      const range = document.createRange()
      range.setStart(node, match.index)
      range.setEnd(node, match.index + match[0].length)
      const lines = new Set(
        Array.from(range.getClientRects())
          .filter((rect) => rect.width > 0)
          .map((rect) => Math.round(rect.top)),
      )
      if (lines.size > 1) brokenEmails.push(match[0])
    }
  }

  return {
    overlaps,
    wrappedButtons,
    brokenEmails,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  }
}
