// The command lines of bench/run.js and bench/compare.js: `--name value` options taken out of the
// arguments, so that what is left are the positional ones.
/** A function that takes `--name value` out of `args` (changing it) and returns the value, or `fallback`. */
function optionReader(args) {
  return (name, fallback) => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    const [v] = args.splice(i, 2).slice(1);
    return v;
  };
}

module.exports = { optionReader };
