import ts from 'typescript'
import { describe, expect, it } from 'vitest'

function exportsWithoutExample(entry: string): string[] {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    strict: true,
    skipLibCheck: true,
  })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(entry)!
  const moduleSymbol = checker.getSymbolAtLocation(source)!
  const missing: string[] = []
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    const tags = symbol.getJsDocTags(checker)
    const hasExample = tags.some((tag) => tag.name === 'example')
    if (!hasExample) missing.push(exported.getName())
  }
  return missing
}

describe('public exports', () => {
  it.each(['src/index.ts', 'src/core.ts', 'src/testing/index.ts'])(
    'each carry JSDoc with an @example in %s',
    (entry) => {
      expect(exportsWithoutExample(entry)).toEqual([])
    },
    // Building a TypeScript program over the sources takes seconds on a 2-core machine.
    60_000,
  )
})
