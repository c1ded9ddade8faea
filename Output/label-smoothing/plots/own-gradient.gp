# Draws figures/own-gradient.png from data/own-gradient.tsv. Run from the lesson's output folder:
#   gnuplot plots/own-gradient.gp
set terminal pngcairo size 1000,500 enhanced font "DejaVu Sans,12" linewidth 1.5
set output 'figures/own-gradient.png'
set datafile separator tab
set border 3 lc rgb "#444444"
set tics nomirror out
set grid lc rgb "#e0e0e0" lw 1
set key noenhanced outside center bottom horizontal Left reverse
set autoscale xfix
set offsets 0, 0, graph 0.05, graph 0.05
set xlabel 'generator updates' noenhanced
set ylabel '∂ loss / ∂ logit' noenhanced
set style line 1 lc rgb "#0072B2" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 2 lc rgb "#D55E00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 3 lc rgb "#009E73" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 4 lc rgb "#CC79A7" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 5 lc rgb "#E69F00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 6 lc rgb "#56B4E9" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 7 lc rgb "#000000" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 8 lc rgb "#F0E442" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set title 'The discriminator'."'".'s own gradient on its most confident real sample' noenhanced
plot 'data/own-gradient.tsv' using 'step':'no_smoothing_confident_logit_grad' with lines ls 1 title 'no smoothing: σ(ℓ) − 1', \
     'data/own-gradient.tsv' using 'step':'one_sided_confident_logit_grad' with lines ls 2 title 'one-sided smoothing: σ(ℓ) − α'
