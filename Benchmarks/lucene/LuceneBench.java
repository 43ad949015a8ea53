import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleFragmenter;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * The Lucene side of Broadsheet's search benchmark: indexes the benchmark TSV
 * (id, date, headline, body) with CJKAnalyzer, then runs each query as a phrase on
 * headline (boosted) and body: top 20 with a highlighted fragment, and count-all.
 * Prints "build\tseconds\tindexBytes" and, per query,
 * "query\tq\ttop20 seconds,…\tcount seconds,…\tids…".
 * Index bytes leave out stored fields (.fdt/.fdx/.fdm): the text, not the index.
 */
public class LuceneBench {
    public static void main(String[] args) throws Exception {
        Path tsv = Paths.get(args[0]);
        Path dir = Paths.get(args[1]);
        List<String> queries = Files.readAllLines(Paths.get(args[2]), StandardCharsets.UTF_8);
        int runs = Integer.parseInt(args[3]);
        Analyzer analyzer = new CJKAnalyzer();

        long start = System.nanoTime();
        try (FSDirectory d = FSDirectory.open(dir);
             IndexWriter w = new IndexWriter(d, new IndexWriterConfig(analyzer).setRAMBufferSizeMB(256)
                 // Adjacent merges only, so doc numbers stay in id order (see allIds).
                 .setMergePolicy(new LogDocMergePolicy()));
             BufferedReader r = Files.newBufferedReader(tsv, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", -1);
                Document doc = new Document();
                doc.add(new StringField("id", f[0], Field.Store.YES));
                doc.add(new StoredField("date", f[1]));
                doc.add(new TextField("headline", f[2], Field.Store.YES));
                doc.add(new TextField("body", f[3], Field.Store.YES));
                w.addDocument(doc);
            }
            w.forceMerge(1);
        }
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        long bytes = 0;
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(".fdt") || n.endsWith(".fdx") || n.endsWith(".fdm")) continue;
                bytes += Files.size(p);
            }
        }
        System.out.println("build\t" + buildSeconds + "\t" + bytes);

        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            QueryBuilder qb = new QueryBuilder(analyzer);
            StringBuilder out = new StringBuilder();
            for (String q : queries) {
                if (q.isEmpty()) continue;
                Query query = build(qb, q);
                List<String> top = new ArrayList<>();
                List<String> cnt = new ArrayList<>();
                String ids = "";
                if (query != null) {
                    top20(searcher, analyzer, query); // warm-up
                    for (int i = 0; i < runs; i++) {
                        long t = System.nanoTime();
                        top20(searcher, analyzer, query);
                        top.add(Double.toString((System.nanoTime() - t) / 1e9));
                        t = System.nanoTime();
                        searcher.count(query);
                        cnt.add(Double.toString((System.nanoTime() - t) / 1e9));
                    }
                    ids = allIds(searcher, query);
                }
                out.setLength(0);
                out.append("query\t").append(q).append('\t').append(String.join(",", top)).append('\t')
                   .append(String.join(",", cnt)).append('\t').append(ids);
                System.out.println(out);
            }
        }
    }

    static Query build(QueryBuilder qb, String q) {
        Query h = qb.createPhraseQuery("headline", q);
        Query b = qb.createPhraseQuery("body", q);
        if (h == null && b == null) return null;
        BooleanQuery.Builder bq = new BooleanQuery.Builder();
        if (h != null) bq.add(new BoostQuery(h, 8f), BooleanClause.Occur.SHOULD);
        if (b != null) bq.add(b, BooleanClause.Occur.SHOULD);
        return bq.build();
    }

    static void top20(IndexSearcher searcher, Analyzer analyzer, Query query) throws Exception {
        TopDocs top = searcher.search(query, 20);
        Highlighter hl = new Highlighter(new QueryScorer(query, "body"));
        hl.setTextFragmenter(new SimpleFragmenter(60));
        for (ScoreDoc sd : top.scoreDocs) {
            Document doc = searcher.doc(sd.doc);
            hl.getBestFragment(analyzer, "body", doc.get("body"));
        }
    }

    static String allIds(IndexSearcher searcher, Query query) throws IOException {
        StringBuilder sb = new StringBuilder();
        searcher.search(query, new SimpleCollector() {
            int base;
            @Override protected void doSetNextReader(org.apache.lucene.index.LeafReaderContext ctx) { base = ctx.docBase; }
            @Override public void collect(int doc) throws IOException {
                // Documents are added in id order into one segment: doc number + 1 = article id.
                if (sb.length() > 0) sb.append(' ');
                sb.append(base + doc + 1);
            }
            @Override public ScoreMode scoreMode() { return ScoreMode.COMPLETE_NO_SCORES; }
        });
        return sb.toString();
    }
}
