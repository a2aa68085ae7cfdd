export function greeting(who: string): string {
  return `hello, ${who}`;
}
