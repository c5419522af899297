/**
 * Everything a page keeps that script can read: the DOM, both storages, the cookies. It uses
 * nothing from outside its own body, so it runs as it is in jsdom and, passed to Playwright's
 * `page.evaluate`, inside Chromium.
 */
export function readPageState(): string {
  const dump = (store: Storage) =>
    Array.from({ length: store.length }, (_, index) => {
      const key = store.key(index) ?? ''
      return `${key}=${store.getItem(key) ?? ''}`
    }).join('\n')
  return [
    document.documentElement.outerHTML,
    dump(localStorage),
    dump(sessionStorage),
    document.cookie,
  ].join('\n')
}
