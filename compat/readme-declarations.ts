/**
 * Values for what the README's TypeScript examples `declare`, so that each can run on its own:
 * used by the floor check (compat/temp-app.ts) and by test/deprecations.test.ts. Every example
 * gets `stack` and `vpc` from its harness; anything else it declares must have a value here.
 */
const DECLARED: Record<string, (req: string) => string> = {
  app: req => `new (${req}('aws-cdk-lib').App)()`,
  recipe: req => `new (${req}('aws-cdk-lib/aws-imagebuilder').CfnImageRecipe)(stack, 'Recipe', { name: 'golden', version: '1.0.0', parentImage: 'ami-0123456789abcdef0', components: [] })`,
  infrastructure: req => `new (${req}('aws-cdk-lib/aws-imagebuilder').CfnInfrastructureConfiguration)(stack, 'Infrastructure', { name: 'golden', instanceProfileName: 'golden' })`,
};

/** JavaScript that defines the example's declared constants (besides `stack` and `vpc`), loading modules with `req`. */
export function declarationsFor(code: string, req: string): string {
  return [...code.matchAll(/^declare const (\w+)/gm)].map(m => m[1]).filter(name => !['stack', 'vpc'].includes(name)).map(name => {
    const value = DECLARED[name];
    if (!value) throw new Error(`a README example declares '${name}': give it a value in compat/readme-declarations.ts`);
    return `const ${name} = ${value(req)};`;
  }).join('\n');
}
