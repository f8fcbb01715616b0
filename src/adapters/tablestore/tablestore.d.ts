// The official `tablestore` package ships no type declarations. Declaring the default export as `unknown`
// keeps the global footprint minimal: src/adapters/tablestore/sdk.ts narrows it to the surface it uses.
declare module 'tablestore' {
  const TableStore: unknown;
  export default TableStore;
}
