// Sphinx's search scorer (html_search_scorer in _config.yml): at equal relevance, the
// newer edition's page comes first ("editions/2024/…" before "editions/2022/…"). The
// bonus is below one point, so it only orders pages Sphinx scores alike.
var Scorer = {
  score: (result) => {
    const [docname, , , , score] = result;
    const found = /^editions\/(\d{4})\//.exec(docname);
    return found ? score + (Number(found[1]) % 100) / 100 : score;
  },
  objNameMatch: 11, objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 }, objPrioDefault: 0,
  title: 15, partialTitle: 7, term: 5, partialTerm: 2,
};
