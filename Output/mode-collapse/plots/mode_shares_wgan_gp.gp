# Draws figures/mode_shares_wgan_gp.png from data/mode_shares_wgan_gp.tsv. Run from the lesson's output folder:
#   gnuplot plots/mode_shares_wgan_gp.gp
set terminal pngcairo size 1000,500 enhanced font "DejaVu Sans,12" linewidth 1.5
set output 'figures/mode_shares_wgan_gp.png'
set datafile separator tab
set border 3 lc rgb "#444444"
set tics nomirror out
set grid lc rgb "#e0e0e0" lw 1
set key noenhanced outside center bottom horizontal Left reverse
set autoscale xfix
set offsets 0, 0, graph 0.05, graph 0.05
set xlabel 'generator update' noenhanced
set ylabel 'mode k (at angle 2π(k − 1)/8)' noenhanced
set style line 1 lc rgb "#D55E00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 2 lc rgb "#009E73" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 3 lc rgb "#CC79A7" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 4 lc rgb "#E69F00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 5 lc rgb "#56B4E9" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 6 lc rgb "#000000" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 7 lc rgb "#F0E442" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set palette defined (0 "#440154", 1 "#3b528b", 2 "#21918c", 3 "#5ec962", 4 "#fde725")
set cblabel 'share of samples nearest the mode' noenhanced
set autoscale fix
unset key
set title 'Where WGAN-GP'."'".'s samples are, mode by mode' noenhanced
plot 'data/mode_shares_wgan_gp.tsv' using 'step':'mode':'share' with image notitle
