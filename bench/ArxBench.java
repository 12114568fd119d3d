import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.deidentifier.arx.*;
import org.deidentifier.arx.AttributeType.Hierarchy;
import org.deidentifier.arx.criteria.*;
import org.deidentifier.arx.ARXLattice.ARXNode;

/* ArxBench - ARX's optimal search timed as bench/anon_bench.c times outis's: anonymize() alone,
 * inside one JVM, five warm-up runs then the median of RUNS; prints "ms levels suppressed
 * score" for the global optimum (ARX's default quality model: loss). Uses ARX's public API
 * only; ARX itself is not part of outis: build it from arx-deidentifier/arx and give its
 * classes and jars as ARX_CP to bench/anon_bench.sh, which compiles and runs this beside outis.
 *
 *   usage: ArxBench CSV RUNS K SUPPRESSION L SENSITIVE COL=HIER...   (L 0: no l-diversity) */
public class ArxBench {
    public static void main(String[] a) throws Exception {
        String csv = a[0];
        int runs = Integer.parseInt(a[1]), k = Integer.parseInt(a[2]);
        double supp = Double.parseDouble(a[3]);
        int l = Integer.parseInt(a[4]);
        String sens = a[5];
        double[] ms = new double[runs];
        String out = "";
        for (int r = -5; r < runs; r++) { // five warm-up runs in the same JVM
            Data data = Data.create(new File(csv), StandardCharsets.UTF_8, ';');
            DataDefinition def = data.getDefinition();
            DataHandle h = data.getHandle();
            for (int c = 0; c < h.getNumColumns(); c++) {
                def.setAttributeType(h.getAttributeName(c), AttributeType.INSENSITIVE_ATTRIBUTE);
            }
            for (int i = 6; i < a.length; i++) {
                String[] kv = a[i].split("=", 2);
                def.setAttributeType(kv[0], Hierarchy.create(new File(kv[1]), StandardCharsets.UTF_8, ';'));
            }
            ARXConfiguration config = ARXConfiguration.create();
            config.addPrivacyModel(new KAnonymity(k));
            if (l > 0) {
                def.setAttributeType(sens, AttributeType.SENSITIVE_ATTRIBUTE);
                config.addPrivacyModel(new DistinctLDiversity(sens, l));
            }
            config.setSuppressionLimit(supp);
            ARXAnonymizer anonymizer = new ARXAnonymizer();
            long t0 = System.nanoTime();
            ARXResult result = anonymizer.anonymize(data, config);
            long t1 = System.nanoTime();
            if (r >= 0) {
                ms[r] = (t1 - t0) / 1e6;
            }
            ARXNode opt = result.getGlobalOptimum();
            DataHandle o = result.getOutput(opt, false);
            int supp_rows = 0;
            for (int row = 0; row < o.getNumRows(); row++) {
                supp_rows += o.isOutlier(row) ? 1 : 0;
            }
            StringBuilder lv = new StringBuilder();
            for (int x : opt.getTransformation()) {
                lv.append(lv.length() > 0 ? "," : "").append(x);
            }
            out = lv + " " + supp_rows + " " + opt.getHighestScore();
        }
        Arrays.sort(ms);
        System.out.printf("%.2f %s%n", ms[runs / 2], out);
    }
}
