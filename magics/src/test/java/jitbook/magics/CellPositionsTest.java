package jitbook.magics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CellPositionsTest {
    @Test
    void oneWayToNameAPosition() {
        assertEquals("cell[12]", CellPositions.cellName(12));
        assertEquals("cell [12], line 4, column 5", CellPositions.where("cell[12]", 4, 5));
        assertEquals("cell [12], line 4", CellPositions.where(CellPositions.cellName(12), 4, 0));
        assertEquals("Net.java, line 3", CellPositions.where("Net.java", 3, 0));
        assertEquals("line 3", CellPositions.where(null, 3, 0));
    }

    @Test
    void compilerStylePositionsInMessagesReadTheSame() {
        assertEquals("x failed\n  from cell [3], line 4, column 12\nand cell [3], line 5",
                CellPositions.readable("x failed\n  from cell[3]:4:12\nand cell[3]:5"));
        assertEquals("no cell here: a[1]:2", CellPositions.readable("no cell here: a[1]:2"));
    }
}
