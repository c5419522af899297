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
    if (!isCallable(symbol, checker)) continue
    const tags = symbol.getJsDocTags(checker)
    const hasExample = tags.some((tag) => tag.name === 'example')
    if (!hasExample) missing.push(exported.getName())
  }
  return missing
}

/**
 * Functions, hooks, components and classes (a value that can be called or constructed): what
 * an example teaches how to use. Types and constants are described by their JSDoc alone; an
 * example on every option type only repeated the type.
 */
function isCallable(symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  if (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class)) return true
  if (!(symbol.flags & ts.SymbolFlags.Variable)) return false
  const declaration = symbol.valueDeclaration
  if (!declaration) return false
  const type = checker.getTypeOfSymbolAtLocation(symbol, declaration)
  return type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0
}

describe('public exports', () => {
  it.each(['src/index.ts', 'src/core.ts', 'src/testing/index.ts'])(
    'each function, hook, component and class carries JSDoc with an @example in %s',
    (entry) => {
      expect(exportsWithoutExample(entry)).toEqual([])
    },
    // Building a TypeScript program over the sources takes seconds on a 2-core machine.
    60_000,
  )
})
