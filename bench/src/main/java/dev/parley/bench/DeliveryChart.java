package dev.parley.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG of how far each measure reached its target: one horizontal bar per measure, its length the share of the
 * target reached (100 % = exactly the target, longer is better, capped at 300 %), drawn headless with java.awt.
 */
final class DeliveryChart {

    /** One measure: {@code reached} is measured/target for "at least" targets and target/measured for "below" ones. */
    record Bar(String label, double reached, String value) {
    }

    private static final int WIDTH = 900;
    private static final int ROW = 60;
    private static final int LEFT = 190;
    private static final int RIGHT = 40;
    private static final double CAP = 3.0;

    private DeliveryChart() {
    }

    static void write(Path file, List<Bar> bars) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int height = 70 + bars.size() * ROW + 40;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("delivery: share of each target reached (100 % = target met; longer is better)", 20, 30);
        int plot = WIDTH - LEFT - RIGHT;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = 60 + i * ROW;
            int length = (int) Math.round(plot * Math.min(bar.reached(), CAP) / CAP);
            g.setColor(bar.reached() >= 1 ? new Color(0x2e7d32) : new Color(0xc62828));
            g.fillRect(LEFT, y, Math.max(2, length), ROW - 25);
            g.setColor(Color.BLACK);
            g.drawString(bar.label(), 20, y + 22);
            String text = bar.value() + String.format("  — %.0f %%", bar.reached() * 100);
            int textX = LEFT + length + 6;
            if (textX + g.getFontMetrics().stringWidth(text) > WIDTH - 5) {
                textX = LEFT + 6;
                g.setColor(Color.WHITE);
            }
            g.drawString(text, textX, y + 22);
        }
        int target = LEFT + (int) Math.round(plot / CAP);
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(target, 50, target, height - 35);
        g.drawString("target", target - 18, height - 18);
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
